"""Session 47: static dielectric constant ε and refractive index n (20-25 °C) of common solvents, and the
Lippert-Mataga orientation polarizability Δf = (ε−1)/(2ε+1) − (n²−1)/(2n²+1).

Values typed from memory of the standard tables (CRC Handbook; Reichardt, Solvents and Solvent Effects in
Organic Chemistry), not checked against a source in this session: good to a few per cent, which is what a
split of a tree needs. Solvents not listed (polymer hosts, neat films, rare solvents) get NaN.
"""
import numpy as np
from rdkit import Chem

TABLE = {  # SMILES: (ε, n)
    "O": (78.4, 1.333), "CO": (32.7, 1.329), "CCO": (24.5, 1.361), "CCCO": (20.1, 1.385), "CC(C)O": (19.9, 1.377),
    "CCCCO": (17.5, 1.399), "CCCCCO": (13.9, 1.410), "CCCCCCO": (13.3, 1.418), "CCCCCCCO": (11.8, 1.424),
    "CCCCCCCCO": (10.3, 1.429), "CCCCCCCCCCO": (7.9, 1.437), "CC(C)(C)O": (12.5, 1.387), "CC(C)CO": (17.9, 1.396),
    "CC#N": (37.5, 1.344), "CCCC#N": (24.8, 1.384), "N#Cc1ccccc1": (25.2, 1.528),
    "CS(C)=O": (46.7, 1.479), "CN(C)C=O": (36.7, 1.430), "CC(=O)N(C)C": (37.8, 1.438), "CNC=O": (182.4, 1.432),
    "NC=O": (109.5, 1.447), "CN1CCCC1=O": (32.2, 1.470), "CC(C)=O": (20.7, 1.359), "CC(=O)C(C)(C)C": (12.7, 1.396),
    "C1CCOC1": (7.58, 1.407), "CC1CCCO1": (6.97, 1.406), "C1COCCO1": (2.21, 1.422), "CCOCC": (4.33, 1.353),
    "CCCCOCCCC": (3.08, 1.399), "CC(C)OC(C)C": (3.88, 1.368), "COC(C)(C)C": (2.6, 1.369), "COCCOC": (7.2, 1.379),
    "CCOC(C)=O": (6.02, 1.372), "CCCCOC(C)=O": (5.07, 1.394), "COC(C)=O": (6.68, 1.361), "CC1COC(=O)O1": (64.9, 1.421),
    "ClCCl": (8.93, 1.424), "ClC(Cl)Cl": (4.81, 1.446), "ClC(Cl)(Cl)Cl": (2.24, 1.460), "ClCCCl": (10.4, 1.445),
    "ClC=C(Cl)Cl": (3.4, 1.478), "Clc1ccccc1": (5.62, 1.524), "Clc1ccccc1Cl": (9.93, 1.551), "Brc1ccccc1": (5.40, 1.560),
    "Cc1ccccc1": (2.38, 1.497), "c1ccccc1": (2.27, 1.501), "Cc1ccc(C)cc1": (2.27, 1.496), "Cc1ccccc1C": (2.57, 1.505),
    "Cc1cccc(C)c1": (2.37, 1.497), "Cc1cc(C)cc(C)c1": (2.28, 1.499), "COc1ccccc1": (4.33, 1.517), "c1ccncc1": (12.4, 1.510),
    "C1CCCCC1": (2.02, 1.426), "CC1CCCCC1": (2.02, 1.423), "CCCCC": (1.84, 1.358), "CCCCCC": (1.88, 1.375),
    "CCCCCCC": (1.92, 1.387), "CCCCCCCC": (1.95, 1.397), "CC(C)CC(C)(C)C": (1.94, 1.391), "CCCCCCCCCCCC": (2.01, 1.422),
    "CCCCCCCCCCCCCC": (2.03, 1.429), "CCCCCCCCCCCCCCCC": (2.05, 1.434), "CCN(CC)CC": (2.42, 1.401),
    "OCC(F)(F)F": (26.7, 1.291), "OC(C(F)(F)F)C(F)(F)F": (16.7, 1.275), "OCCO": (37.7, 1.432), "OCC(O)CO": (42.5, 1.474),
    "OCCOCCO": (31.7, 1.447), "CC(O)CO": (27.5, 1.432), "CC(=O)O": (6.2, 1.372), "C[N+](=O)[O-]": (35.9, 1.382),
    "O=S1(=O)CCCC1": (43.3, 1.484), "S=C=S": (2.64, 1.627), "O=C1CCCCC1": (16.1, 1.450), "COCCO": (16.9, 1.402),
}
COLUMNS = ("epsilon", "refractive_index", "f_epsilon", "f_n", "delta_f")


def _row(epsilon, n):
    f_epsilon, f_n = (epsilon - 1) / (2 * epsilon + 1), (n * n - 1) / (2 * n * n + 1)
    return (epsilon, n, f_epsilon, f_n, f_epsilon - f_n)


CANONICAL = {Chem.MolToSmiles(Chem.MolFromSmiles(s)): _row(*v) for s, v in TABLE.items()}


def solvent_block(smiles_list):
    """COLUMNS per solvent SMILES (canonicalized), NaN for solvents not in TABLE."""
    missing = (np.nan,) * len(COLUMNS)
    canonical = {s: Chem.MolToSmiles(Chem.MolFromSmiles(s)) if Chem.MolFromSmiles(s) else s for s in set(smiles_list)}
    return np.array([CANONICAL.get(canonical[s], missing) for s in smiles_list], dtype=float)
