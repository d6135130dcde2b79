"""Session 48: how much a lightgbm run's trees use the electronic, charge-transfer and pair features: each
named feature's share of the total split gain and its rank among all features, from the run's model.txt.

usage: python importance48.py RUN_DIR ...
"""
import sys

import lightgbm
import numpy as np

from molpair.chem.electronic import ELECTRONIC_FEATURES
from molpair.chem.fingerprints import BITS, PAIR_FEATURES, molecule_width

solute, solvent = (molecule_width(bits, True) for bits in BITS.values())
names = {solute - len(ELECTRONIC_FEATURES) + index: f"solute {name}" for index, name in enumerate(ELECTRONIC_FEATURES)}
names.update({solute + solvent - len(ELECTRONIC_FEATURES) + index: f"solvent {name}" for index, name in enumerate(ELECTRONIC_FEATURES)})
names.update({solute + solvent + index: f"pair {name}" for index, name in enumerate(PAIR_FEATURES)})
for run in sys.argv[1:]:
    gain = lightgbm.Booster(model_file=f"{run}/model.txt").feature_importance("gain")
    rank = np.empty(len(gain), int)
    rank[np.argsort(-gain)] = np.arange(1, len(gain) + 1)
    print(f"{run}: {len(gain)} features; share of split gain (rank)")
    for index, name in names.items():
        print(f"  {name:32s} {100 * gain[index] / gain.sum():6.2f} % ({rank[index]})")
