"""A lightgbm run trained on the cavity radii of its fingerprint file, fed radii from RDKit's volume on
another grid: how far its test predictions move, and its test RMSE both ways. With GRID 0.2 (RDKit's default,
molpair's before VOLUME_GRID) on runs trained with VOLUME_GRID (0.5 Å): what the coarser grid changes.

    MOLPAIR_DATA_DIR=/work/shared/data OMP_NUM_THREADS=1 PYTHONPATH=<code>/src \
        python grid52.py RESULTS_DIR DATASET GRID FOLD [FOLD ...]

RESULTS_DIR holds {DATASET}/pairs.parquet, splits.parquet, fingerprints.npz and runs/lightgbm/fold{F}-rep0.
For each test pair's solute and solvent, the conformer electronic_features uses (seeded ETKDG, MMFF94) gets its
volume on GRID; radius and lm_term = ct_distance² / radius³ of the stored block are replaced, the pair block
follows (join_pair), and the run's booster predicts.
"""

from __future__ import annotations

import sys
from pathlib import Path

import lightgbm
import numpy as np
import pandas as pd
from rdkit.Chem import AllChem

from molpair.chem.electronic import ELECTRONIC_FEATURES, SEED, VOLUME_GRID
from molpair.chem.fingerprints import BITS, join_pair, side_features, stored_features
from molpair.chem.geometry import atoms_of, embed_molecule, force_field_relax
from molpair.chem.molecules import MoleculeError
from molpair.train.run import fold_frame

RADIUS, LM_TERM, DISTANCE = (ELECTRONIC_FEATURES.index(name) - len(ELECTRONIC_FEATURES) for name in ("radius", "lm_term", "ct_distance"))


def grid_radius(smiles: str, grid: float) -> float:
    try:
        mol = embed_molecule(smiles, SEED)
    except MoleculeError:
        return np.nan
    mol.GetConformer().SetPositions(np.asarray(force_field_relax([mol], atoms_of(mol)[1])[0], dtype=float))
    return (3 * AllChem.ComputeMolVolume(mol, gridSpacing=grid) / (4 * np.pi)) ** (1 / 3)


def main(results: Path, dataset: str, grid: float, folds: list[int]) -> None:
    directory = results / dataset
    stored = stored_features(directory / "fingerprints.npz", electronic=True)
    print(f"# {' '.join(sys.argv)}\n# the file's radii: VOLUME_GRID {VOLUME_GRID} Å; fed: {grid} Å")
    for fold in folds:
        test = fold_frame(directory / "pairs.parquet", directory / "splits.parquet", fold).query("role == 'test'")
        changed = {side: {} for side in BITS}
        differences = []
        for side in BITS:
            for smiles in test[f"{side}_smiles"].unique():
                row = stored[side][smiles].copy()
                if np.isfinite(row[RADIUS]):
                    radius = grid_radius(smiles, grid)
                    differences.append(abs(radius / row[RADIUS] - 1))
                    row[RADIUS], row[LM_TERM] = radius, row[DISTANCE] ** 2 / radius**3
                changed[side][smiles] = row
        run = directory / "runs" / "lightgbm" / f"fold{fold}-rep0"
        booster = lightgbm.Booster(model_file=str(run / "model.txt"))
        saved = pd.read_parquet(run / "predictions.parquet").query("role == 'test'").set_index("pair_id").loc[test.pair_id]
        features = join_pair(
            *(side_features(changed[side], test[f"{side}_smiles"].tolist(), side, True) for side in BITS),
            test["solvent_smiles"].tolist(), electronic=True,
        )
        fed = booster.predict(features)
        target = test["target"].to_numpy(dtype=float)
        rmse = lambda prediction: float(np.sqrt(np.mean((prediction - target) ** 2)))  # noqa: E731
        shift = np.abs(fed - saved["y_pred"].to_numpy())
        print(f"{dataset} fold {fold}: {len(test)} test pairs, {len(differences)} molecules with a radius: radius "
              f"difference mean {np.mean(differences):.4f}, max {np.max(differences):.4f}; test RMSE "
              f"{rmse(saved['y_pred'].to_numpy()):.3f} as trained, {rmse(fed):.3f} with the {grid} Å radii; "
              f"prediction shift mean {shift.mean():.3f}, max {shift.max():.3f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], float(sys.argv[3]), [int(fold) for fold in sys.argv[4:]])
