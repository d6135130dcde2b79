"""Session 47 (issue 12): simplified Tamm-Dancoff excitations (Grimme's sTDA, J. Chem. Phys. 138, 244104
(2013)) on a molecule's GFN2-xTB orbitals, as candidate features of the fingerprint model.

A(ia,jb) = δij δab (εa − εi) + 2 (ia|jb) − a_x (ij|ab), with two-electron integrals from Löwdin transition
charges on the atoms and Mataga-Nishimoto-Ohno-Klopman damped Coulomb kernels (γK for exchange-type, γJ for
Coulomb-type); configurations: the N_OCC highest occupied × N_VIR lowest empty orbitals. Transition dipoles
in the monopole approximation (Σ_A q_A^ia R_A). Geometry, charge and spin as chem/electronic.py.

usage: python stda47.py SMILES ...   (prints the features and the time per molecule)
"""

from __future__ import annotations

import sys
import time

import numpy as np

HARTREE_EV = 27.211386
# Pearson's absolute hardness (eV; Inorg. Chem. 27, 734 (1988)); other elements DEFAULT_HARDNESS.
HARDNESS = {1: 6.43, 5: 4.01, 6: 5.00, 7: 7.23, 8: 6.08, 9: 7.01, 14: 3.38, 15: 4.88, 16: 4.14, 17: 4.68,
            34: 3.87, 35: 4.22, 53: 3.69}
DEFAULT_HARDNESS = 4.0
AX = 0.5  # Fock-exchange share in the Coulomb-type term (sTDA's a_x)
N_OCC, N_VIR, N_STATES = 20, 20, 10
STDA_FEATURES = ("s1", "s1_strength", "bright", "bright_strength", "s1_gap_shift")

_AO_COUNT: dict[int, int] = {}


def ao_count(z: int) -> int:
    """Basis functions of element z in GFN2-xTB (from a calculation on z with hydrogens counted out)."""
    if z not in _AO_COUNT:
        from tblite.interface import Calculator
        numbers = np.array([z, 1])
        coords = np.array([[0.0, 0.0, 0.0], [0.0, 0.0, 3.0]])
        calc = Calculator("GFN2-xTB", numbers, coords, 0, (z + 1) % 2)
        calc.set("verbosity", 0)
        calc.set("temperature", 0.01)
        try:
            res = calc.singlepoint()
        except RuntimeError:
            res = None
        if res is None:
            raise RuntimeError(f"no basis size for element {z}")
        _AO_COUNT[z] = int(res.get("norbitals")) - (1 if z != 1 else _hydrogen())
    return _AO_COUNT[z]


def _hydrogen() -> int:
    from tblite.interface import Calculator
    calc = Calculator("GFN2-xTB", np.array([1, 1]), np.array([[0, 0, 0], [0, 0, 1.4]], float), 0, 0)
    calc.set("verbosity", 0)
    return int(calc.singlepoint().get("norbitals")) // 2


def excitations(numbers, coords_bohr, res, ax=AX, coupling=1.0) -> np.ndarray:
    """STDA_FEATURES (eV; oscillator strengths unitless) from a converged tblite result."""
    alpha, beta = 1.42 + ax * 0.48, 0.20 + ax * 1.83
    eps = np.asarray(res.get("orbital-energies"))
    occ = np.asarray(res.get("orbital-occupations"))
    if occ.ndim > 1:
        occ = occ.sum(axis=0)
    coefficients = np.asarray(res.get("orbital-coefficients"))
    overlap = np.asarray(res.get("overlap-matrix"))
    w, v = np.linalg.eigh(overlap)
    orthogonal = (v * np.sqrt(np.clip(w, 0, None))) @ v.T @ coefficients  # Löwdin: S^1/2 C
    atom_of = np.repeat(np.arange(len(numbers)), [ao_count(int(z)) for z in numbers])
    if atom_of.size != coefficients.shape[0]:
        raise RuntimeError("basis size mismatch")
    occupied = np.flatnonzero(occ > 1.0)[-N_OCC:]
    empty = np.flatnonzero(occ < 1e-6)[:N_VIR]
    charges = lambda p, q: np.stack([np.bincount(atom_of, orthogonal[:, a] * orthogonal[:, b], len(numbers))
                                     for a in p for b in q])  # (len(p)*len(q), atoms)
    q_ia, q_ij, q_ab = charges(occupied, empty), charges(occupied, occupied), charges(empty, empty)
    eta = np.array([HARDNESS.get(int(z), DEFAULT_HARDNESS) for z in numbers]) / HARTREE_EV
    eta = (eta[:, None] + eta[None, :]) / 2
    distance = np.linalg.norm(coords_bohr[:, None] - coords_bohr[None, :], axis=-1)
    gamma_k = (distance ** alpha + eta ** -alpha) ** (-1 / alpha)
    gamma_j = (distance ** beta + (max(ax, 1e-3) * eta) ** -beta) ** (-1 / beta)
    no, nv = len(occupied), len(empty)
    exchange = q_ia @ gamma_k @ q_ia.T  # (ia|jb)
    coulomb = (q_ij @ gamma_j @ q_ab.T).reshape(no, no, nv, nv).transpose(0, 2, 1, 3).reshape(no * nv, no * nv)
    diagonal = (eps[empty][None, :] - eps[occupied][:, None]).reshape(-1)
    matrix = np.diag(diagonal) + coupling * (2 * exchange - ax * coulomb)
    energies, vectors = np.linalg.eigh(matrix)
    energies, vectors = energies[:N_STATES], vectors[:, :N_STATES]
    transition = np.sqrt(2) * vectors.T @ (q_ia @ coords_bohr)  # (states, 3), e·bohr
    strength = 2 / 3 * energies * (transition ** 2).sum(axis=1)
    low = energies <= energies[0] + 1.5 / HARTREE_EV
    bright = int(np.argmax(np.where(low, strength, -1)))
    gap = diagonal.min()
    return np.array([energies[0] * HARTREE_EV, strength[0], energies[bright] * HARTREE_EV, strength[bright],
                     (energies[0] - gap) * HARTREE_EV], dtype=np.float32)


def singlepoint(smiles: str):
    """(RDKit molecule, atomic numbers, coordinates in Å, tblite result with its integrals) at chem/electronic.py's
    geometry and settings; None where the molecule cannot be embedded, is open-shell or its SCF fails."""
    from ase.units import Bohr
    from tblite.interface import Calculator

    from molpair.chem.electronic import EMBED_ATTEMPTS, METHOD, SEED
    from molpair.chem.geometry import atoms_of, embed_molecule, force_field_relax, spin_multiplicity
    from molpair.chem.molecules import MoleculeError, formal_charge

    try:
        mol = embed_molecule(smiles, SEED, EMBED_ATTEMPTS)
        charge, unpaired = formal_charge(smiles), spin_multiplicity(smiles) - 1
    except MoleculeError:
        return None
    if unpaired:
        return None
    _, coords = atoms_of(mol)
    coords, _ = force_field_relax([mol], coords)
    coords = np.asarray(coords)
    numbers = np.array([atom.GetAtomicNum() for atom in mol.GetAtoms()])
    calculator = Calculator(METHOD, numbers, coords / Bohr, charge, unpaired)
    calculator.set("verbosity", 0)
    calculator.set("save-integrals", 1)
    try:
        return mol, numbers, coords, calculator.singlepoint()
    except RuntimeError:
        return None


def stda_features(smiles: str) -> np.ndarray:
    from ase.units import Bohr

    computed = singlepoint(smiles)
    if computed is not None:
        _, numbers, coords, result = computed
        try:
            return excitations(numbers, coords / Bohr, result)
        except RuntimeError:
            pass
    return np.full(len(STDA_FEATURES), np.nan, dtype=np.float32)


if __name__ == "__main__":
    for smiles in sys.argv[1:]:
        start = time.perf_counter()
        values = stda_features(smiles)
        print(f"{time.perf_counter() - start:6.2f} s  " + " ".join(f"{n}={v:.3f}" for n, v in zip(STDA_FEATURES, values)), smiles)
