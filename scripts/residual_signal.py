"""How much of a trained model's test error could cheap QM descriptors of the pair explain? (issue 11)

For each model, the test predictions of every fold of a finished run directory are joined with per-pair
descriptors, and the test residuals (measured − predicted) are regressed on them by least squares,
cross-fitted over 5 seeded splits of the test pairs: the RMSE after that correction bounds what a model
reading the descriptors *at prediction time* could gain over the model by a linear correction (PRL sees
them only in training, so it gains less). Descriptors:

- ensemble (default): per pair over its ok samples, the mean, minimum and spread of the interaction
  energy, the mean and spread of the complex gap, and the sample count;
- --alpb: the solute's GFN2-xTB/ALPB solvation free energy in the pair's solvent (tblite, at the
  factory's optimized monomer geometry), for solvents ALPB has parameters for and solutes without
  formal charges.

Run from a dataset's results directory, e.g.
    cd ~/molpair-runs/mn23/results/mnsol && python /path/to/scripts/residual_signal.py cigin prl --alpb
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from molpair.chem.molecules import canonical_smiles

ALPB_SOLVENTS = {
    "O": "water", "CCCCCCCCO": "octanol", "CCCCCCCCCCCCCCCC": "hexadecane", "ClC(Cl)Cl": "chcl3",
    "c1ccccc1": "benzene", "CCOCC": "ether", "CCCCCC": "hexane", "Cc1ccccc1": "toluene", "CCOC(C)=O": "ethylacetate",
    "CO": "methanol", "CC#N": "acetonitrile", "ClCCl": "ch2cl2", "S=C=S": "cs2", "CS(C)=O": "dmso", "CN(C)C=O": "dmf",
    "C1CCOC1": "thf", "CC(C)=O": "acetone", "Nc1ccccc1": "aniline", "O=Cc1ccccc1": "benzaldehyde",
    "C1COCCO1": "dioxane", "c1ccoc1": "furane", "C[N+](=O)[O-]": "nitromethane", "Oc1ccccc1": "phenol",
}


def ensemble_descriptors() -> pd.DataFrame:
    samples = pd.read_parquet("ensemble.parquet", columns=["pair_id", "status", "e_int", "gap"]).query("status == 'ok'")
    grouped = samples.groupby("pair_id")
    return pd.DataFrame({
        "e_int_mean": grouped.e_int.mean(), "e_int_min": grouped.e_int.min(), "e_int_std": grouped.e_int.std().fillna(0.0),
        "gap_mean": grouped.gap.mean(), "gap_std": grouped.gap.std().fillna(0.0), "samples": grouped.size(),
    })


def alpb_descriptor() -> pd.DataFrame:
    from ase import units
    from ase.data import atomic_numbers
    from tblite.interface import Calculator

    hartree_to_kcal = units.Hartree / (units.kcal / units.mol)

    solvents = {canonical_smiles(smiles): name for smiles, name in ALPB_SOLVENTS.items()}
    monomers = pd.read_parquet("monomers.parquet").query("status == 'ok'")
    geometry = {canonical_smiles(s): (e, c) for s, e, c in zip(monomers.smiles, monomers.elements, monomers.coords_opt)}
    rows = []
    for pair in pd.read_parquet("pairs.parquet").itertuples():
        solvent, solute = solvents.get(canonical_smiles(pair.solvent_smiles)), canonical_smiles(pair.solute_smiles)
        if solvent is None or solute not in geometry or "+]" in solute or "-]" in solute:
            continue
        elements, coords = geometry[solute]
        numbers = np.array([atomic_numbers[element] for element in elements])
        energies = []
        for implicit in (None, solvent):
            calculator = Calculator("GFN2-xTB", numbers, np.vstack(coords) / units.Bohr)
            calculator.set("verbosity", 0)
            if implicit:
                calculator.add("alpb-solvation", implicit)
            energies.append(calculator.singlepoint().get("energy"))
        rows.append({"pair_id": pair.pair_id, "dg_alpb": (energies[1] - energies[0]) * hartree_to_kcal})
    return pd.DataFrame(rows).set_index("pair_id")


def cross_fitted(features: np.ndarray, residual: np.ndarray, folds: int = 5, seed: int = 0) -> np.ndarray:
    """Out-of-fold least-squares fits of `residual` on `features` (with an intercept)."""
    design = np.column_stack([np.ones(len(features)), (features - features.mean(0)) / (features.std(0) + 1e-12)])
    parts = np.array_split(np.random.default_rng(seed).permutation(len(residual)), folds)
    fitted = np.empty_like(residual)
    for part in parts:
        train = np.setdiff1d(np.arange(len(residual)), part)
        coefficients, *_ = np.linalg.lstsq(design[train], residual[train], rcond=None)
        fitted[part] = design[part] @ coefficients
    return fitted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="+", help="model names under runs/ (folds 0-4, repeat 0)")
    parser.add_argument("--alpb", action="store_true", help="the ALPB solvation energy instead of the ensemble outcomes")
    args = parser.parse_args()
    descriptors = alpb_descriptor() if args.alpb else ensemble_descriptors()
    for model in args.models:
        test = pd.concat(
            pd.read_parquet(f"runs/{model}/fold{fold}-rep0/predictions.parquet").query("role == 'test'") for fold in range(5)
        )
        joined = test.set_index("pair_id").join(descriptors, how="inner").dropna(subset=list(descriptors.columns))
        residual = (joined.y_true - joined.y_pred).to_numpy()
        features = joined[descriptors.columns].to_numpy(dtype=float)
        corrected = residual - cross_fitted(features, residual)
        print({
            "model": model, "test pairs": len(joined), "rmse": round(float(np.sqrt((residual ** 2).mean())), 3),
            "rmse after correction": round(float(np.sqrt((corrected ** 2).mean())), 3),
            "corr(first descriptor, measured)": round(float(np.corrcoef(features[:, 0], joined.y_true)[0, 1]), 3),
            "corr(first descriptor, residual)": round(float(np.corrcoef(features[:, 0], residual)[0, 1]), 3),
        })


if __name__ == "__main__":
    main()
