"""A solvent's polarity from the CRC tables `chemicals` ships, checked against the Lippert-Mataga Δf values
fluorescence textbooks quote for common solvents (written from memory of Lakowicz, Principles of Fluorescence
Spectroscopy, ch. 6; hence the ±0.01)."""

import numpy as np
import pytest

from molpair.chem.solvents import SOLVENT_FEATURES, solvent_polarity


@pytest.mark.parametrize("smiles, delta_f", [
    ("CC#N", 0.305),  # acetonitrile
    ("CO", 0.309),  # methanol
    ("ClCCl", 0.217),  # dichloromethane
    ("Cc1ccccc1", 0.013),  # toluene
    ("CCCCCC", -0.001),  # hexane
    ("O", 0.320),  # water (n from IAPWS; the CRC organic table lacks it)
])
def test_orientation_polarizability_matches_the_literature(smiles, delta_f):
    polarity = dict(zip(SOLVENT_FEATURES, solvent_polarity(smiles)))
    assert polarity["delta_f"] == pytest.approx(delta_f, abs=0.01)
    assert polarity["delta_f"] == pytest.approx(polarity["f_epsilon"] - polarity["f_n"])


def test_untabulated_solvents_are_missing():
    """An OLED host, a deuterated solvent and a string RDKit cannot parse: NaN, which the trees treat as missing."""
    for smiles in ("c1ccc2c(c1)c1ccccc1n2-c1ccc(-n2c3ccccc3c3ccccc32)cc1", "[2H]O[2H]", "not a molecule"):
        assert np.isnan(solvent_polarity(smiles)).all()
