"""A solvent's polarity, for the Lippert-Mataga term of a dye's solvatochromic shift (chem/electronic.py).

Static relative permittivity ε and refractive index n (sodium D line) from the CRC Handbook tables the
`chemicals` library ships (Bell et al., Chemical Engineering Design Library), found by the molecule's
InChIKey → CAS number, as tabulated (mostly at 20-25 °C); water's n, which the organic table lacks, from
the IAPWS formulation at 20 °C. Then the reaction-field functions f(ε) = (ε−1)/(2ε+1), f(n²) =
(n²−1)/(2n²+1) and the orientation polarizability Δf = f(ε) − f(n²). NaN where the solvent is not
tabulated (host polymers, OLED hosts, deuterated solvents): the trees treat it as missing.
"""

from __future__ import annotations

import functools

import numpy as np

SOLVENT_FEATURES = ("epsilon", "refractive_index", "f_epsilon", "f_n", "delta_f")
WATER = "7732-18-5"  # CAS number
WATER_AT_20C = (293.15, 998.2)  # K, kg/m³: where IAPWS gives water's refractive index


@functools.cache
def solvent_polarity(smiles: str) -> tuple[float, ...]:
    """SOLVENT_FEATURES of one solvent, NaN where the tables lack its ε or n."""
    from chemicals.permittivity import permittivity_data_CRC
    from chemicals.refractivity import RI, RI_IAPWS

    cas = cas_number(smiles)
    if cas is None:
        return (np.nan,) * len(SOLVENT_FEATURES)
    epsilon = float(permittivity_data_CRC["Permittivity"].get(cas, np.nan))
    n = RI_IAPWS(*WATER_AT_20C) if cas == WATER else RI(cas, method="CRC")[0]
    n = np.nan if n is None else float(n)
    f_epsilon, f_n = (epsilon - 1) / (2 * epsilon + 1), (n * n - 1) / (2 * n * n + 1)
    return (epsilon, n, f_epsilon, f_n, f_epsilon - f_n)


def cas_number(smiles: str) -> str | None:
    """The CAS number `chemicals` files the molecule under, None where it does not know it (or RDKit
    cannot parse it)."""
    from chemicals.identifiers import search_chemical
    from rdkit import Chem, rdBase

    with rdBase.BlockLogs():
        mol = Chem.MolFromSmiles(smiles)
        key = Chem.MolToInchiKey(mol) if mol is not None else ""
    if not key:
        return None
    try:
        return search_chemical(f"InChIKey={key}").CASs
    except ValueError:
        return None
