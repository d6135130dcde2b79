"""Engine adapters behind one interface; the rest of the factory never knows which program ran."""

from __future__ import annotations

from typing import Any

from molpair.config import RESULT_SETTINGS
from molpair.qm.engines.base import Engine, Result, Structure


def get_engine(qm_config: dict[str, Any]) -> Engine:
    """The engine named in the config, with its fixed settings."""
    name = qm_config["engine"]
    settings = {key: qm_config[key] for key in RESULT_SETTINGS}
    if name == "tblite":
        from molpair.qm.engines.tblite import TBLiteEngine

        return TBLiteEngine(qm_config["method"], settings)
    raise ValueError(f"unknown engine {name!r}")


__all__ = ["Engine", "Result", "Structure", "get_engine"]
