"""Session 48: which feature layout FingerprintModel reads off each lightgbm run's booster (electronic,
charge_transfer): session 42's runs were trained on the orbitals alone, this session's on the new layout.

usage: python layouts48.py RUN_DIR ...
"""
import sys

import lightgbm

from molpair.train.fingerprint_model import FingerprintModel

for run in sys.argv[1:]:
    model = FingerprintModel(lightgbm.Booster(model_file=f"{run}/model.txt"))
    print(f"{run}: {model.booster.num_feature()} features, electronic {model.electronic}, charge_transfer {model.charge_transfer}")
