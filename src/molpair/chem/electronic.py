"""A molecule's frontier orbitals from one GFN2-xTB calculation, features of the fingerprint model.

A dye's absorption and emission follow its excitation energy, which the GFN2-xTB HOMO-LUMO gap tracks
(Pearson r 0.76 with 1240/λmax over chr_abs's 6,391 dyes; results/reference/chromophores/session42/
gap42.py) and which no substructure count sees for a π-system unlike the training dyes. Its emission also
shifts with the solvent's polarity by how much charge the excitation moves (Lippert-Mataga: Δν ∝ Δμ²/a³ ·
Δf, with Δμ the change of dipole, a the cavity radius and Δf the solvent's orientation polarizability,
chem/solvents.py): for a HOMO→LUMO excitation Δμ ≈ e · the distance between the two orbitals' centroids.
One single point (tblite, in process) at the seeded ETKDG conformer relaxed by MMFF94, no optimization:
about 1 s a dye on one thread (1.2 CPU s a molecule over the 7,292 that the three chromophore sets'
fingerprint files computed, sessions 52-53; 5-20 s for the largest, of 130-230 atoms, half of it ETKDG:
results/reference/chromophores/session52/profile52.txt), against minutes for an optimized monomer. With
RDKit's default volume grid the block took 1.4 times as long; benchmarks/electronic.py measures both in one run.
"""

from __future__ import annotations

import functools

import numpy as np

# What electronic_features returns, in order: its orbital energies and gaps in eV, dipole in Debye; then the
# charge-transfer block: the HOMO→LUMO centroid distance (Å), the orbitals' overlap of Löwdin atom
# populations (1 on the same atoms, 0 for a full charge transfer), the cavity radius (Å, of RDKit's
# molecular volume) and lm_term = distance² / radius³ (Å⁻¹), the dye's half of the Lippert-Mataga product.
ORBITAL_FEATURES = ("homo", "lumo", "gap", "gap_homo-1_lumo", "gap_homo_lumo+1", "dipole")
CHARGE_TRANSFER_FEATURES = ("ct_distance", "ct_overlap", "radius", "lm_term")
ELECTRONIC_FEATURES = ORBITAL_FEATURES + CHARGE_TRANSFER_FEATURES
METHOD = "GFN2-xTB"
SEED = 0  # the conformer's ETKDG seed: one fixed geometry per molecule
# RDKit's molecular volume grid (Å) for the cavity radius: at its default 0.2 Å the volume took about a third of a
# dye's time; 0.5 Å gives the radius within about 1 % (mean 0.1-0.2 %) at a fifteenth of the volume's cost, the whole
# block 1.4x faster (benchmarks/electronic.py; results/reference/chromophores/session52/, electronic52.txt, grid52-*.txt).
# A fingerprint file written with the default grid keeps its radii (nothing reruns); molecules it lacks get these.
VOLUME_GRID = 0.5


def electronic_features(smiles: str) -> np.ndarray:
    """ELECTRONIC_FEATURES of one molecule (float32); NaN where it cannot be embedded or the SCF fails
    (recorded as missing, which the trees handle), the charge-transfer block also for open-shell molecules."""
    from ase.units import Bohr
    from tblite.interface import Calculator

    from molpair.chem.geometry import spin_multiplicity
    from molpair.chem.molecules import MoleculeError, formal_charge
    from molpair.qm.engines.tblite import EBOHR_TO_DEBYE, orbital_levels

    missing = np.full(len(ELECTRONIC_FEATURES), np.nan, dtype=np.float32)
    try:
        mol = relaxed_conformer(smiles)
        charge, unpaired = formal_charge(smiles), spin_multiplicity(smiles) - 1
    except MoleculeError:
        return missing
    coords = mol.GetConformer().GetPositions()
    numbers = np.array([atom.GetAtomicNum() for atom in mol.GetAtoms()])
    calculator = Calculator(METHOD, numbers, coords / Bohr, charge, unpaired)
    calculator.set("verbosity", 0)
    calculator.set("save-integrals", 1)  # the overlap matrix, for the orbitals' atom populations
    try:
        result = calculator.singlepoint()
    except RuntimeError:
        return missing
    occupied, empty = orbital_levels(result)
    if occupied.size < 2 or empty.size < 2:
        return missing
    homo, lumo = occupied[-1], empty[0]
    dipole = float(np.linalg.norm(result.get("dipole")) * EBOHR_TO_DEBYE)
    orbitals = [homo, lumo, lumo - homo, lumo - occupied[-2], empty[1] - homo, dipole]
    transfer = charge_transfer(mol, numbers, coords, result) if not unpaired else missing[: len(CHARGE_TRANSFER_FEATURES)]
    return np.concatenate([orbitals, transfer]).astype(np.float32)


def relaxed_conformer(smiles: str):
    """The molecule (with hydrogens) at the geometry its electronic block is computed on: the seeded ETKDG
    conformer relaxed by MMFF94. Raises MoleculeError where it cannot be embedded."""
    from molpair.chem.geometry import atoms_of, embed_molecule, force_field_relax

    mol = embed_molecule(smiles, SEED)
    coords, _ = force_field_relax([mol], atoms_of(mol)[1])
    mol.GetConformer().SetPositions(np.asarray(coords, dtype=float))
    return mol


def cavity_radius(mol, grid: float = VOLUME_GRID) -> float:
    """Radius (Å) of the sphere with the molecule's volume at its conformer (RDKit's grid volume, `grid` Å)."""
    from rdkit.Chem import AllChem

    return (3 * AllChem.ComputeMolVolume(mol, gridSpacing=grid) / (4 * np.pi)) ** (1 / 3)


def charge_transfer(mol, numbers: np.ndarray, coords: np.ndarray, result) -> np.ndarray:
    """CHARGE_TRANSFER_FEATURES of a closed-shell molecule at `coords` (Å, its conformer's) from its tblite
    result (with its overlap matrix): each frontier orbital's Löwdin atom populations (S^1/2 C, squared, summed
    per atom), their centroids and overlap. NaN where the basis cannot be mapped onto the atoms."""
    occupation = np.asarray(result.get("orbital-occupations"))
    coefficients = np.asarray(result.get("orbital-coefficients"))
    atom_of = np.repeat(np.arange(len(numbers)), [basis_size(int(z)) for z in numbers])
    if atom_of.size != coefficients.shape[0]:
        return np.full(len(CHARGE_TRANSFER_FEATURES), np.nan)
    weights, vectors = np.linalg.eigh(np.asarray(result.get("overlap-matrix")))
    homo, lumo = np.flatnonzero(occupation > 1.0)[-1], np.flatnonzero(occupation < 1e-6)[0]
    orthogonal = (vectors * np.sqrt(np.clip(weights, 0, None))) @ vectors.T @ coefficients[:, [homo, lumo]]
    populations = np.stack([np.bincount(atom_of, orthogonal[:, k] ** 2, len(numbers)) for k in (0, 1)])
    populations /= populations.sum(axis=1, keepdims=True)
    centroids = populations @ coords
    radius = cavity_radius(mol)
    distance = float(np.linalg.norm(centroids[1] - centroids[0]))
    overlap = float(np.sqrt(populations[0] * populations[1]).sum())
    return np.array([distance, overlap, radius, distance**2 / radius**3])


@functools.cache
def basis_size(z: int) -> int:
    """GFN2-xTB's basis functions on an atom of element z, read from a calculation on z bonded to one
    hydrogen (tblite reports the basis size, not which atom each function sits on); 0 where that
    calculation fails, which leaves the basis unmapped."""
    if z == 1:
        return _basis_count(np.array([1, 1]), 0) // 2
    pair, hydrogen = _basis_count(np.array([z, 1]), (z + 1) % 2), basis_size(1)
    return pair - hydrogen if pair and hydrogen else 0


def _basis_count(numbers: np.ndarray, unpaired: int) -> int:
    """The basis size of a diatomic 3 bohr long (1.6 Å), 0 where its SCF fails."""
    from tblite.interface import Calculator

    calculator = Calculator(METHOD, numbers, np.array([[0.0, 0.0, 0.0], [0.0, 0.0, 3.0]]), 0, unpaired)
    calculator.set("verbosity", 0)
    try:
        return int(calculator.singlepoint().get("norbitals"))
    except RuntimeError:
        return 0
