"""A molecule's frontier orbitals from one GFN2-xTB calculation, features of the fingerprint model.

A dye's absorption and emission follow its excitation energy, which the GFN2-xTB HOMO-LUMO gap tracks
(Pearson r 0.76 with 1240/λmax over chr_abs's 6,391 dyes; results/reference/chromophores/session42/
gap42.py) and which no substructure count sees for a π-system unlike the training dyes. One single point
(tblite, in process) at the seeded ETKDG conformer relaxed by MMFF94, no optimization: about 0.5 s a dye
on one thread (chr_abs's 7,141 molecules: 35 minutes on 2 processes), against minutes for an optimized
monomer.
"""

from __future__ import annotations

import numpy as np

# What electronic_features returns, in order: orbital energies and gaps in eV, dipole in Debye.
ELECTRONIC_FEATURES = ("homo", "lumo", "gap", "gap_homo-1_lumo", "gap_homo_lumo+1", "dipole")
METHOD = "GFN2-xTB"
SEED = 0  # the conformer's ETKDG seed: one fixed geometry per molecule
EMBED_ATTEMPTS = 50  # per ETKDG try; a molecule not embedded by then gets NaN (a few strained fused dyes)


def electronic_features(smiles: str) -> np.ndarray:
    """ELECTRONIC_FEATURES of one molecule (float32); NaN where it cannot be embedded or the SCF fails
    (recorded as missing, which the trees handle)."""
    from ase.units import Bohr
    from tblite.interface import Calculator

    from molpair.chem.geometry import atoms_of, embed_molecule, force_field_relax, spin_multiplicity
    from molpair.chem.molecules import MoleculeError, formal_charge
    from molpair.qm.engines.tblite import EBOHR_TO_DEBYE, orbital_levels

    missing = np.full(len(ELECTRONIC_FEATURES), np.nan, dtype=np.float32)
    try:
        mol = embed_molecule(smiles, SEED, EMBED_ATTEMPTS)
        charge, unpaired = formal_charge(smiles), spin_multiplicity(smiles) - 1
    except MoleculeError:
        return missing
    elements, coords = atoms_of(mol)
    coords, _ = force_field_relax([mol], coords)
    numbers = np.array([atom.GetAtomicNum() for atom in mol.GetAtoms()])
    calculator = Calculator(METHOD, numbers, np.asarray(coords) / Bohr, charge, unpaired)
    calculator.set("verbosity", 0)
    try:
        result = calculator.singlepoint()
    except RuntimeError:
        return missing
    occupied, empty = orbital_levels(result)
    if occupied.size < 2 or empty.size < 2:
        return missing
    homo, lumo = occupied[-1], empty[0]
    dipole = float(np.linalg.norm(result.get("dipole")) * EBOHR_TO_DEBYE)
    return np.array([homo, lumo, lumo - homo, lumo - occupied[-2], empty[1] - homo, dipole], dtype=np.float32)
