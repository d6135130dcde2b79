"""One interface for every semi-empirical program: optimize a structure, return one result."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from ase.data import atomic_numbers

from molpair.qm import record


@dataclass
class Structure:
    """What an engine needs: elements, coordinates (Å), total charge, spin multiplicity."""

    elements: list[str]
    coords: np.ndarray
    charge: int = 0
    multiplicity: int = 1


@dataclass
class Result:
    """Outcome of one optimization; energies in Eh, orbital energies in eV, dipole in Debye."""

    status: str
    error: str | None = None
    energy: float | None = None
    coords: np.ndarray | None = None
    homo: float | None = None
    lumo: float | None = None
    dipole: float | None = None
    charges: list[float] | None = None
    n_steps: int = 0
    wall_s: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def gap(self) -> float | None:
        return None if self.homo is None or self.lumo is None else self.lumo - self.homo

    def record_fields(self) -> dict[str, Any]:
        """The result-record columns this outcome fills (energy under the key `energy`)."""
        return {
            "status": self.status,
            "error": self.error,
            "energy": self.energy,
            "coords_opt": None if self.coords is None else np.asarray(self.coords).tolist(),
            "homo": self.homo,
            "lumo": self.lumo,
            "gap": self.gap,
            "dipole": self.dipole,
            "charges": self.charges,
            "n_steps": self.n_steps,
            "wall_s": self.wall_s,
        }


def electron_count_error(structure: Structure) -> str | None:
    """Why this charge/multiplicity cannot describe the structure, or None if it can."""
    electrons = sum(atomic_numbers[e] for e in structure.elements) - structure.charge
    unpaired = structure.multiplicity - 1
    if electrons < 0 or unpaired < 0 or unpaired > electrons:
        return f"{electrons} electrons cannot have multiplicity {structure.multiplicity}"
    if (electrons - unpaired) % 2:
        return f"{electrons} electrons are inconsistent with multiplicity {structure.multiplicity}"
    return None


class Engine:
    """Base of the program adapters. Subclasses set name/version and implement `_optimize`."""

    name: str = ""
    supported_methods: tuple[str, ...] = ()

    def __init__(self, method: str, settings: dict[str, Any], qm_config: dict[str, Any] | None = None):
        """`settings` change results (they are hashed); `qm_config` also carries runtime options
        (threads, program paths, memory) that do not."""
        if method not in self.supported_methods:
            raise ValueError(f"{self.name} does not provide method {method!r}; choose one of {self.supported_methods}")
        self.method = method
        self.settings = dict(settings)
        self.options = dict(qm_config or {})
        self.settings_hash = record.settings_hash({"engine": self.name, "method": method, **self.settings})

    @property
    def version(self) -> str:
        raise NotImplementedError

    def optimize(self, structure: Structure, time_limit_s: float) -> Result:
        """Optimize; every failure becomes a Result with a status, never an exception."""
        reason = electron_count_error(structure)
        if reason:
            return Result(status=record.REJECTED, error=reason)
        start = time.perf_counter()
        try:
            result = self._optimize(structure, time_limit_s)
        except Exception as error:  # an engine crash is a recorded row, not a lost shard
            result = Result(status=record.CRASHED, error=f"{type(error).__name__}: {error}")
        result.wall_s = time.perf_counter() - start
        return result

    def _optimize(self, structure: Structure, time_limit_s: float) -> Result:
        raise NotImplementedError

    def provenance(self) -> dict[str, Any]:
        return {
            "engine": self.name,
            "engine_version": self.version,
            "method": self.method,
            "settings_hash": self.settings_hash,
        }
