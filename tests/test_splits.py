"""Cross-validation folds: 80/10/10 per fold, each pair held out (validation or test) in exactly one fold."""

from __future__ import annotations

from collections import Counter

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from molpair.data.splits import SPLITS_SCHEMA, load_split, make_splits


@pytest.fixture
def pairs_path(tmp_path):
    path = tmp_path / "pairs.parquet"
    pq.write_table(pa.table({"pair_id": [f"p{i:04d}" for i in range(503)], "target": [0.0] * 503}), path)
    return path


def test_folds_have_the_protocol_fractions_and_cover_every_pair(pairs_path, tmp_path):
    out = tmp_path / "splits.parquet"
    make_splits(pairs_path, out, n_folds=5, seed=0)
    table = pq.read_table(out)
    assert table.schema.remove_metadata() == SPLITS_SCHEMA
    assert table.num_rows == 5 * 503

    ids = set(pq.read_table(pairs_path)["pair_id"].to_pylist())
    held_out = Counter()
    for fold in range(5):
        split = load_split(out, fold)
        train, val, test = (set(split[role]) for role in ("train", "val", "test"))
        assert train | val | test == ids
        assert not (train & val or train & test or val & test)
        assert 0.79 <= len(train) / 503 <= 0.81
        assert abs(len(val) - len(test)) <= 1
        held_out.update(val | test)
    assert set(held_out) == ids and set(held_out.values()) == {1}


def test_splits_are_deterministic_for_a_seed(pairs_path, tmp_path):
    make_splits(pairs_path, tmp_path / "a.parquet", seed=7)
    make_splits(pairs_path, tmp_path / "b.parquet", seed=7)
    make_splits(pairs_path, tmp_path / "c.parquet", seed=8)
    a, b, c = (pq.read_table(tmp_path / f"{x}.parquet") for x in "abc")
    assert a.equals(b)
    assert not a.equals(c)


def test_split_errors_are_clear(pairs_path, tmp_path):
    make_splits(pairs_path, tmp_path / "s.parquet", n_folds=3)
    with pytest.raises(ValueError, match="fold 3 not in"):
        load_split(tmp_path / "s.parquet", 3)
    few = tmp_path / "few.parquet"
    pq.write_table(pa.table({"pair_id": ["a", "b", "c"]}), few)
    with pytest.raises(ValueError, match="cannot fill 5 folds"):
        make_splits(few, tmp_path / "x.parquet")
    repeated = tmp_path / "rep.parquet"
    pq.write_table(pa.table({"pair_id": ["a", "a"] + [f"b{i}" for i in range(20)]}), repeated)
    with pytest.raises(ValueError, match="repeats pair ids"):
        make_splits(repeated, tmp_path / "y.parquet")
