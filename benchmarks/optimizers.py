"""Factory cost and quality per optimizer and pre-relaxation, on the same start geometries.

    MOLPAIR_DATA_DIR=../shared/data python benchmarks/optimizers.py --dataset freesolv --samples 50
    MOLPAIR_DATA_DIR=../shared/data python benchmarks/optimizers.py --dataset chr_abs --samples 20

Each variant is `optimizer:prerelax[:step_accuracy]` (tblite GFN2-xTB, fmax 0.05 eV/Å; without a
step accuracy every step's SCF runs at `accuracy` 1; `xtb:...` is xtb's own ANCopt at --opt normal);
each variant first optimizes one start untimed (warm-up); every variant starts from the same seeded ETKDG conformers in rigid contact,
and `mmff` variants relax those with the force field first (its cost is counted). Printed per variant:
core-seconds per ok sample and the ratio to the reference variant (today's default, BFGS:none),
median steps, ok / not_converged shares, and the final complex energy against the reference's on
the same start: the median difference and the shares of samples that end equal or lower
(within +0.1 kcal/mol) and lower (by more than 0.1 kcal/mol). One thread, one sample at a time.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

# One thread for the engine and for NumPy's BLAS (the optimizers' linear algebra), as factory jobs run
# (molpair.threads.thread_variables); set before NumPy loads.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from molpair import config as config_module  # noqa: E402
from molpair.chem.molecules import pair_atoms  # noqa: E402
from molpair.data.ingest import ingest  # noqa: E402
from molpair.layout import Layout  # noqa: E402
from molpair.qm import optimizers, record, sampling  # noqa: E402
from molpair.qm.engines import Structure, get_engine  # noqa: E402

REFERENCE = "BFGS:none"
VARIANTS = [REFERENCE, "ModelBFGS:mmff:100", "ModelBFGS:mmff", "ModelBFGS:none", "LBFGS:mmff:100", "Sella:mmff:100", "auto:mmff", "BFGS:mmff", "LBFGS:none", "LBFGS:mmff", "FIRE:none", "FIRE:mmff", "Sella:none", "Sella:mmff",
            "geomeTRIC:none", "geomeTRIC:mmff", "xtb:none", "xtb:mmff"]
EQUAL_KCAL = 0.1


def start_geometries(dataset: str, n_samples: int, k: int, max_atoms: int, work: Path,
                     first_index: int = 0) -> list[tuple[dict, dict, float]]:
    """(start without pre-relaxation, the same start relaxed with MMFF, seconds the relaxation took)
    for the first `n_samples` samples of at most `max_atoms` atoms (hydrogens included), sample indices
    `first_index` to `first_index + k - 1` of each pair."""
    n_pairs = 4 * -(-n_samples // k)
    cfg = config_module.validate({"results_dir": str(work), "datasets": {dataset: {"max_pairs": n_pairs}}, "geometry": {"k_samples": k}})
    ingest(dataset, cfg["datasets"][dataset], work, seed=0)
    pairs = pq.read_table(Layout(work).pairs(dataset)).to_pylist()
    starts = []
    for pair in pairs:
        for idx in range(first_index, first_index + k):
            t0 = time.perf_counter()
            raw = sampling.build_sample(pair, idx, cfg["geometry"], "none")
            t1 = time.perf_counter()
            relaxed = sampling.build_sample(pair, idx, cfg["geometry"], "mmff")
            t2 = time.perf_counter()
            if raw["status"] != record.REJECTED and len(raw["elements"]) <= max_atoms:
                starts.append((raw, relaxed, max(0.0, (t2 - t1) - (t1 - t0))))
        if len(starts) >= n_samples:
            break
    return starts[:n_samples]


def run_variant(variant: str, starts: list[tuple[dict, dict, float]], time_limit_s: float, out: Path) -> list[dict]:
    """Every start through one variant; each sample's row is appended to `out` as it finishes."""
    optimizer, prerelax, *step_accuracy = variant.split(":")
    qm = {"engine": "xtb"} if optimizer == "xtb" else {"optimizer": optimizer, "step_accuracy": float(step_accuracy[0]) if step_accuracy else None}
    engine = get_engine(config_module.validate({"datasets": {"freesolv": {}}, "qm": qm})["qm"])
    first = starts[0][0]  # warm-up, not recorded: imports, library set-up, compilation
    engine.optimize(Structure(first["elements"], np.asarray(first["coords_init"]), first["charge"], first["multiplicity"]), time_limit_s)
    rows = []
    for index, (raw, relaxed, relax_s) in enumerate(starts):
        sample = relaxed if prerelax == "mmff" else raw
        structure = Structure(sample["elements"], np.asarray(sample["coords_init"]), sample["charge"], sample["multiplicity"])
        result = engine.optimize(structure, time_limit_s)
        rows.append({
            "variant": variant, "sample": index, "atoms": len(sample["elements"]), "status": result.status,
            "core_s": result.wall_s + (relax_s if prerelax == "mmff" else 0.0), "steps": result.n_steps,
            "energy_kcal": None if result.energy is None else result.energy * record.HARTREE_TO_KCAL,
        })
        pd.DataFrame(rows[-1:]).to_csv(out, mode="a", header=not out.exists(), index=False)
    return rows


def summary(frame: pd.DataFrame) -> pd.DataFrame:
    reference = frame[frame.variant == REFERENCE].set_index("sample")[["status", "energy_kcal", "core_s"]]
    ref_cost = reference.core_s.sum() / max(1, (reference.status == record.OK).sum())
    lines = []
    for variant, group in frame.groupby("variant", sort=False):
        ok = group.status == record.OK
        cost = group.core_s.sum() / max(1, ok.sum())
        both = group.set_index("sample")[["status", "energy_kcal"]].join(reference, rsuffix="_ref")
        both = both[(both.status == record.OK) & (both.status_ref == record.OK)]
        delta = both.energy_kcal - both.energy_kcal_ref
        lines.append({
            "variant": variant,
            "core_s_per_ok": round(cost, 3),
            "speedup": round(ref_cost / cost, 2),
            "median_steps": group.steps.median(),
            "ok": round(ok.mean(), 3),
            "not_converged": round((group.status == record.NOT_CONVERGED).mean(), 3),
            "median_dE_kcal": round(delta.median(), 3),
            "equal_or_lower": round((delta <= EQUAL_KCAL).mean(), 3),
            "lower": round((delta < -EQUAL_KCAL).mean(), 3),
            "compared": len(delta),
        })
    return pd.DataFrame(lines)


def projection(frame: pd.DataFrame, dataset: str, k: int, work: Path) -> pd.DataFrame:
    """Core-hours for every pair of the dataset at K samples each, per variant: seconds per ok sample
    fitted as c·atoms^p on the benchmark's ok samples (p fitted, or COST_EXPONENT where the sizes do
    not spread), summed over the dataset's real atom counts and divided by the share ok."""
    cfg = config_module.validate({"results_dir": str(work / "all"), "datasets": {dataset: {}}})
    ingest(dataset, cfg["datasets"][dataset], work / "all", seed=0)
    pairs = pq.read_table(Layout(work / "all").pairs(dataset))
    atoms = pair_atoms(pairs.column("solute_smiles").to_pylist(), pairs.column("solvent_smiles").to_pylist()).astype(float)
    lines = []
    for variant, group in frame.groupby("variant", sort=False):
        ok = group[group.status == record.OK]
        if len(ok) >= 8 and ok.atoms.max() > 1.5 * ok.atoms.min():
            exponent, log_scale = np.polyfit(np.log(ok.atoms), np.log(ok.core_s), 1)
        else:
            exponent = sampling.COST_EXPONENT
            log_scale = np.mean(np.log(ok.core_s) - exponent * np.log(ok.atoms))
        seconds = k * np.exp(log_scale) * (atoms**exponent).sum() / max(1e-9, len(ok) / len(group))
        lines.append({"variant": variant, "pairs": len(pairs), "k": k, "exponent": round(float(exponent), 2),
                      "core_hours": round(float(seconds) / 3600, 1)})
    return pd.DataFrame(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="freesolv")
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--k", type=int, default=1, help="samples per pair (1: every sample a different pair)")
    parser.add_argument("--first-index", type=int, default=0,
                        help="each pair's first sample index: other start geometries of the same pairs (for choosing settings)")
    parser.add_argument("--model-hessian-shift", type=float, default=optimizers.MODEL_HESSIAN_SHIFT,
                        help="ModelBFGS's diagonal shift, eV/Å² (molpair.qm.optimizers.MODEL_HESSIAN_SHIFT)")
    parser.add_argument("--variants", nargs="+", default=VARIANTS)
    parser.add_argument("--max-atoms", type=int, default=100, help="skip larger complexes (hydrogens included)")
    parser.add_argument("--time-limit", type=float, default=600.0)
    parser.add_argument("--out", type=Path, default=None, help="per-sample CSV (default: beside the work dir)")
    parser.add_argument("--project-k", type=int, default=8, help="project core-hours for the whole dataset at this K")
    parser.add_argument("--from-csv", type=Path, nargs="+", default=None,
                        help="summarize earlier runs' per-sample CSVs (same dataset, samples and seeds) instead of computing")
    parser.add_argument("--no-reference", action="store_true",
                        help="skip the reference variant (to split variants over processes; join them with --from-csv)")
    args = parser.parse_args()
    optimizers.MODEL_HESSIAN_SHIFT = args.model_hessian_shift
    if REFERENCE not in args.variants and not args.from_csv and not args.no_reference:
        args.variants.insert(0, REFERENCE)

    work = Path(tempfile.mkdtemp(prefix="molpair-optimizers-"))
    if args.from_csv:
        frame = pd.concat([pd.read_csv(path) for path in args.from_csv], ignore_index=True)
        frame = frame.drop_duplicates(["variant", "sample"], keep="last")  # a later file's complete variant wins
        print(summary(frame).to_string(index=False))
        print(projection(frame, args.dataset, args.project_k, work).to_string(index=False))
        return
    starts = start_geometries(args.dataset, args.samples, args.k, args.max_atoms, work, args.first_index)
    atoms = [len(raw["elements"]) for raw, _, _ in starts]
    print(f"{len(starts)} {args.dataset} start geometries, {min(atoms)}-{max(atoms)} atoms (median {np.median(atoms):.0f}); "
          f"MMFF pre-relaxation median {1000 * np.median([s for _, _, s in starts]):.1f} ms", flush=True)
    rows = []
    out = args.out or work / "samples.csv"
    out.unlink(missing_ok=True)
    for variant in args.variants:
        start = time.perf_counter()
        rows += run_variant(variant, starts, args.time_limit, out)
        print(f"  {variant}: {time.perf_counter() - start:.1f} s", flush=True)
    if args.no_reference:
        print(f"per-sample rows: {out}")
        return
    table = summary(pd.DataFrame(rows))
    print(table.to_string(index=False))
    print(projection(pd.DataFrame(rows), args.dataset, args.project_k, work).to_string(index=False))
    print(f"per-sample rows: {out}")


if __name__ == "__main__":
    main()
