"""Engine adapters behind one interface; the rest of the factory never knows which program ran."""

from __future__ import annotations

from typing import Any

from molpair.config import result_settings
from molpair.qm.engines.base import Engine, Result, Structure


def get_engine(qm_config: dict[str, Any]) -> Engine:
    """The engine named in the config, with its fixed settings and its runtime options."""
    settings = result_settings(qm_config)
    name, method = settings.pop("engine"), settings.pop("method")
    if name == "tblite":
        from molpair.qm.engines.tblite import TBLiteEngine as engine_class
    elif name == "xtb":
        from molpair.qm.engines.xtb import XTBEngine as engine_class
    elif name == "mopac":
        from molpair.qm.engines.mopac import MOPACEngine as engine_class
    elif name == "orca":
        from molpair.qm.engines.orca import ORCAEngine as engine_class
    else:
        raise ValueError(f"unknown engine {name!r}")
    return engine_class(method, settings, qm_config)


__all__ = ["Engine", "Result", "Structure", "get_engine"]
