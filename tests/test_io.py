"""Atomic writes: all or nothing, with ordinary file permissions."""

from __future__ import annotations

import os
import stat

import pytest

from molpair import io


def test_failed_write_leaves_the_old_file(tmp_path):
    path = tmp_path / "a.txt"
    io.write_text("old", path)
    with pytest.raises(RuntimeError):
        with io.atomic_path(path) as tmp:
            tmp.write_text("half")
            raise RuntimeError("killed")
    assert path.read_text() == "old"
    assert os.listdir(tmp_path) == ["a.txt"]


def test_results_are_readable_by_others_per_umask(tmp_path):
    path = tmp_path / "b.json"
    io.write_json({"x": 1}, path)
    assert stat.S_IMODE(path.stat().st_mode) == io.FILE_MODE
    assert io.FILE_MODE & stat.S_IRGRP
