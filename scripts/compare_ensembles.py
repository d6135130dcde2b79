"""Two ensembles of the same pairs and seeds (so the same raw start geometries), sample by sample.

    python scripts/compare_ensembles.py BEFORE/ensemble.parquet AFTER/ensemble.parquet [--pairs PAIRS.parquet]

Prints the statuses of the samples in both, the complex energy of AFTER against BEFORE on the samples ok in both (median
difference, shares equal or lower within +0.1 kcal/mol, lower by more than 0.1, higher by more than 1),
the engine seconds per sample each ensemble recorded, median optimizer steps, and what the change does
to e_int: per-sample difference, and per pair the mean, spread and minimum, with the correlation of
the pair means. `--pairs` keeps only the pairs of a pairs table (e.g. of a later ingest that rejects
more rows). Used for issue 13's factory defaults (results/reference/factory/README.md).
"""

from __future__ import annotations

import argparse

import numpy as np
import pyarrow.parquet as pq

from molpair.qm.record import HARTREE_TO_KCAL

EQUAL_KCAL = 0.1
COLUMNS = ["pair_id", "sample_idx", "seed", "status", "e_complex", "e_int", "n_steps", "wall_s"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--pairs", help="a pairs.parquet: compare only its pairs")
    args = parser.parse_args()
    before = pq.read_table(args.before, columns=COLUMNS).to_pandas()
    after = pq.read_table(args.after, columns=COLUMNS).to_pandas()
    if args.pairs:
        kept = set(pq.read_table(args.pairs, columns=["pair_id"])["pair_id"].to_pylist())
        before, after = before[before.pair_id.isin(kept)], after[after.pair_id.isin(kept)]
    both = before.merge(after, on=["pair_id", "sample_idx"], suffixes=("_before", "_after"))
    if not (both.seed_before == both.seed_after).all():
        raise SystemExit("the ensembles' samples have different seeds: not the same start geometries")
    print(f"samples in both: {len(both)}; status before {both.status_before.value_counts().to_dict()}, "
          f"after {both.status_after.value_counts().to_dict()}")
    ok = both[(both.status_before == "ok") & (both.status_after == "ok")]
    delta = (ok.e_complex_after - ok.e_complex_before) * HARTREE_TO_KCAL
    print(f"complex energy, after - before (kcal/mol): median {delta.median():+.2f}; equal or lower "
          f"{np.mean(delta <= EQUAL_KCAL):.3f}; lower {np.mean(delta < -EQUAL_KCAL):.3f}; higher by > 1 {np.mean(delta > 1):.3f}")
    hours_before, hours_after = both.wall_s_before.sum() / 3600, both.wall_s_after.sum() / 3600
    print(f"engine seconds per sample: before mean {ok.wall_s_before.mean():.3f} (all samples in both {hours_before:.2f} h), "
          f"after {ok.wall_s_after.mean():.3f} ({hours_after:.2f} h); ratio {hours_before / hours_after:.2f}")
    print(f"optimizer steps, median: before {ok.n_steps_before.median():g}, after {ok.n_steps_after.median():g}")
    e_int = ok.e_int_after - ok.e_int_before
    print(f"e_int after - before (kcal/mol): median {e_int.median():+.2f}, mean {e_int.mean():+.2f}")
    pairs = ok.groupby("pair_id").agg(
        mean_before=("e_int_before", "mean"), mean_after=("e_int_after", "mean"),
        sd_before=("e_int_before", "std"), sd_after=("e_int_after", "std"),
        min_before=("e_int_before", "min"), min_after=("e_int_after", "min"),
    )
    print(f"per pair ({len(pairs)}): mean e_int {pairs.mean_before.mean():.2f} -> {pairs.mean_after.mean():.2f}; "
          f"median spread (sd) {pairs.sd_before.median():.2f} -> {pairs.sd_after.median():.2f}; "
          f"mean minimum {pairs.min_before.mean():.2f} -> {pairs.min_after.mean():.2f}; "
          f"correlation of the pair means {np.corrcoef(pairs.mean_before, pairs.mean_after)[0, 1]:.3f}")


if __name__ == "__main__":
    main()
