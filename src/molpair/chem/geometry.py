"""3D structures: seeded conformer embedding and random rigid placement of a solvent next to a solute."""

from __future__ import annotations

import numpy as np
from ase.data import atomic_numbers, vdw_radii
from rdkit import Chem
from rdkit.Chem import AllChem, Descriptors

from molpair.chem.molecules import MoleculeError, parse_smiles

# Fallback where ASE lists no van der Waals radius (some metals).
DEFAULT_VDW_RADIUS = 2.0
# ETKDG attempts per try; a molecule not embedded by then is rejected with its reason (a few strained fused dyes).
EMBED_ATTEMPTS = 50


def spin_multiplicity(smiles: str) -> int:
    """2S+1 from RDKit's radical electrons (closed shell = 1)."""
    return Descriptors.NumRadicalElectrons(parse_smiles(smiles)) + 1


def embed_molecule(smiles: str, seed: int, attempts: int = EMBED_ATTEMPTS) -> Chem.Mol:
    """The molecule with explicit hydrogens and one seeded ETKDG conformer. Each of the two tries (the
    second from random coordinates) makes at most `attempts` (0: RDKit's default, ten per atom, which
    spends many minutes on a strained fused dye that fails anyway: 16 times the bounded tries' time for one
    86-atom dye, benchmarks/embedding.py); a count rather than a clock keeps the outcome independent of the
    machine's speed."""
    mol = Chem.AddHs(parse_smiles(smiles))
    params = AllChem.ETKDGv3()
    params.randomSeed = int(seed) % (2**31 - 1)
    params.maxIterations = int(attempts)
    if AllChem.EmbedMolecule(mol, params) != 0:
        params.useRandomCoords = True
        if AllChem.EmbedMolecule(mol, params) != 0:
            raise MoleculeError(f"embedding failed (no ETKDG conformer in {attempts} attempts from either start)", smiles)
    return mol


def atoms_of(mol: Chem.Mol) -> tuple[list[str], np.ndarray]:
    """(element symbols, coordinates in Å) of a molecule's conformer."""
    return [atom.GetSymbol() for atom in mol.GetAtoms()], mol.GetConformer().GetPositions()


def embed(smiles: str, seed: int) -> tuple[list[str], np.ndarray]:
    """One ETKDG conformer with explicit hydrogens: (element symbols, coordinates in Å)."""
    return atoms_of(embed_molecule(smiles, seed))


def force_field_relax(molecules: list[Chem.Mol], coords: np.ndarray, max_iterations: int = 500) -> tuple[np.ndarray, str]:
    """Relax the molecules together (intra- and intermolecular terms) from `coords` (Å, their atoms
    in order) with MMFF94, or UFF where MMFF94 lacks parameters; return (coords, force field used).

    A cheap pre-relaxation: it fixes ETKDG's bond lengths and finds a contact before the
    semi-empirical steps, which then need far fewer of them. Without either force field the
    coordinates come back unchanged ("none").
    """
    complex_ = molecules[0]
    for other in molecules[1:]:
        complex_ = Chem.CombineMols(complex_, other)
    complex_ = Chem.Mol(complex_)
    Chem.SanitizeMol(complex_)
    complex_.RemoveAllConformers()
    conformer = Chem.Conformer(complex_.GetNumAtoms())
    for index, position in enumerate(np.asarray(coords, dtype=float)):
        conformer.SetAtomPosition(index, position.tolist())
    complex_.AddConformer(conformer, assignId=True)
    if AllChem.MMFFHasAllMoleculeParams(complex_):
        properties = AllChem.MMFFGetMoleculeProperties(complex_)
        field, name = AllChem.MMFFGetMoleculeForceField(complex_, properties, ignoreInterfragInteractions=False), "MMFF94"
    elif AllChem.UFFHasAllMoleculeParams(complex_):
        field, name = AllChem.UFFGetMoleculeForceField(complex_, ignoreInterfragInteractions=False), "UFF"
    else:
        return np.asarray(coords, dtype=float), "none"
    field.Minimize(maxIts=max_iterations)
    return complex_.GetConformer().GetPositions(), name


def radii(elements: list[str]) -> np.ndarray:
    values = np.array([vdw_radii[atomic_numbers[e]] for e in elements], dtype=float)
    return np.where(np.isfinite(values), values, DEFAULT_VDW_RADIUS)


def random_rotation(rng: np.random.Generator) -> np.ndarray:
    """A uniformly random 3x3 rotation matrix (from a normalized Gaussian quaternion)."""
    q = rng.normal(size=4)
    w, x, y, z = q / np.linalg.norm(q)
    return np.array(
        [
            [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
            [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
            [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
        ]
    )


def random_direction(rng: np.random.Generator) -> np.ndarray:
    v = rng.normal(size=3)
    return v / np.linalg.norm(v)


def place_in_contact(
    solute: np.ndarray,
    solute_radii: np.ndarray,
    solvent: np.ndarray,
    solvent_radii: np.ndarray,
    direction: np.ndarray,
    contact_scale: float,
    step: float = 0.05,
) -> np.ndarray:
    """Slide the (centered) solvent in from far along `direction` until it touches the solute.

    Touching means the closest atom pair reaches contact_scale × (sum of their vdW radii); no atom pair
    is closer than that, so the start geometry has no overlap.
    """
    limit = contact_scale * (solute_radii[:, None] + solvent_radii[None, :])

    def clearance(d: float) -> float:
        diff = solute[:, None, :] - (solvent[None, :, :] + d * direction)
        return float((np.linalg.norm(diff, axis=-1) - limit).min())

    far = (
        np.linalg.norm(solute, axis=1).max()
        + np.linalg.norm(solvent, axis=1).max()
        + 2 * contact_scale * max(solute_radii.max(), solvent_radii.max())
        + 1.0
    )
    outer, inner = far, far - step
    while inner > 0 and clearance(inner) >= 0:
        outer, inner = inner, inner - step
    if inner > 0:
        for _ in range(30):
            mid = 0.5 * (inner + outer)
            inner, outer = (mid, outer) if clearance(mid) < 0 else (inner, mid)
    return solvent + outer * direction
