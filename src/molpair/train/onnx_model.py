"""A trained run's network as an ONNX graph (`model.onnx` beside `best.ckpt`), so that `molpair predict`
runs without importing torch and torch_geometric, most of its start-up before (results/reference/predict/).

`export` traces the run's torch network (train/trained.py: mean and predictive std in original units)
with torch.export over inputs of any size, checks the graph's predictions on a few pairs against the
network's, and writes it with the checkpoint's sha256 (and the inputs' format) in its metadata. `load`
opens it with onnxruntime, exporting first when it is missing, unreadable, of another format or from
another checkpoint; a read-only run directory predicts with torch. A network that
cannot be exported (AttentiveFP: PyG's pooling sizes its output by the batch's values) is recorded in
`model.onnx.failed` with the checkpoint's sha256, so later predictions do not try again. Attention maps
are not exported: they stay with the torch network (`molpair attention`, the service). This module
imports torch only to export.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
import warnings
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from molpair.chem.featurize import MolArrays, mol_arrays
from molpair.data.sources import sha256_file
from molpair.io import atomic_path, write_text

log = logging.getLogger(__name__)

ONNX_FILE = "model.onnx"
# The graph's inputs and outputs as batch_inputs and OnnxModel read them; a graph of another format is
# exported again.
FORMAT_KEY, FORMAT = "molpair_onnx_format", "1"
FAILED_FILE = "model.onnx.failed"  # the checkpoint's sha256, then why it cannot be exported
CHECKPOINT_KEY = "checkpoint_sha256"
SIDES = ("solute", "solvent")
# Traced on pairs with more than one atom, bond and pair on every side (so no size is fixed at 1);
# checked on others, with a water molecule (one atom, no bond) among them.
TRACE_PAIRS = [("CCO", "CCO"), ("c1ccccc1O", "CCCCO"), ("CC(=O)OC", "ClCCl")]
CHECK_PAIRS = [("CCCCCCCCO", "c1ccccc1"), ("O", "O"), ("ClC(Cl)Cl", "CCO"), ("c1ccc2ccccc2c1", "CC#N")]
TOLERANCE = 1e-4  # relative and absolute, in the target's units


class ExportError(RuntimeError):
    """Why a run has no usable ONNX graph; prediction then uses the torch network. `of_network`: the
    network itself cannot be exported (recorded, not tried again), rather than a package missing here."""

    def __init__(self, message: str, of_network: bool = True):
        super().__init__(message)
        self.of_network = of_network


def batch_inputs(molecules: list[tuple[MolArrays, MolArrays]]) -> dict[str, np.ndarray]:
    """The graph's inputs for (solute, solvent) pairs, batched as PyG batches them (each side's atoms
    stacked, edge indices shifted, a batch vector), plus the sizes as shapes: `pairs` has one entry per
    pair and `{side}_slots` one per atom of that side's largest molecule."""
    inputs = {"pairs": np.zeros(len(molecules), dtype=np.float32)}
    for index, side in enumerate(SIDES):
        graphs = [pair[index] for pair in molecules]
        sizes = np.array([len(graph.x) for graph in graphs])
        offsets = np.cumsum(sizes) - sizes
        inputs[f"x_{side}"] = np.concatenate([graph.x for graph in graphs])
        inputs[f"edge_index_{side}"] = np.concatenate([graph.edge_index + offset for graph, offset in zip(graphs, offsets)], axis=1)
        inputs[f"edge_attr_{side}"] = np.concatenate([graph.edge_attr for graph in graphs])
        inputs[f"x_{side}_batch"] = np.repeat(np.arange(len(graphs), dtype=np.int64), sizes)
        inputs[f"{side}_slots"] = np.zeros(sizes.max(), dtype=np.float32)
    return inputs


class OnnxModel:
    """The exported graph in an onnxruntime session; a train.predict.PairPredictor without attention."""

    def __init__(self, session):
        self.session = session

    def predict_batch(
        self, molecules: list[tuple[MolArrays, MolArrays]], attention: bool = False
    ) -> tuple[np.ndarray, np.ndarray, None]:
        if attention:
            raise ValueError("attention maps need the torch network (train.predict.load_run)")
        mean, std = self.session.run(None, batch_inputs(molecules))
        return mean.astype(np.float64), std.astype(np.float64), None


@contextlib.contextmanager
def _quiet(*loggers: str):
    """Only errors from these loggers for the duration."""
    levels = {name: logging.getLogger(name).level for name in loggers}
    for name in loggers:
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        yield
    finally:
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


def _session(path: Path, threads: int):
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def load(checkpoint: str | Path, threads: int = 1) -> OnnxModel:
    """The checkpoint's ONNX graph, exported first when missing, unreadable or from another checkpoint.
    Raises ExportError when there is none to use."""
    checkpoint = Path(checkpoint)
    path, failed, digest = checkpoint.with_name(ONNX_FILE), checkpoint.with_name(FAILED_FILE), sha256_file(checkpoint)
    try:
        import onnxruntime  # noqa: F401
    except ImportError as error:
        raise ExportError("onnxruntime is not installed", of_network=False) from error
    if failed.is_file():
        recorded, _, reason = failed.read_text().partition("\n")
        if recorded == digest:
            raise ExportError(reason.strip())
    if path.is_file():
        try:
            session = _session(path, threads)
            metadata = session.get_modelmeta().custom_metadata_map
            if metadata.get(CHECKPOINT_KEY) == digest and metadata.get(FORMAT_KEY) == FORMAT:
                return OnnxModel(session)
        except Exception as error:  # noqa: BLE001 - onnxruntime raises its own classes for a damaged file
            log.info("%s is unreadable (%s); exporting again", path, error)
    if not os.access(path.parent, os.W_OK):
        raise ExportError(f"cannot write {path} (the run directory is read-only)", of_network=False)
    try:
        export(checkpoint, path, digest)
    except ExportError as error:
        if error.of_network:
            with contextlib.suppress(OSError):
                write_text(f"{digest}\n{error}\n", failed)
        raise
    return OnnxModel(_session(path, threads))


def export(checkpoint: Path, path: Path, digest: str) -> None:
    """Write the checkpoint's network to `path` (atomically) once its predictions match the network's."""
    started = time.perf_counter()
    try:
        import onnx
        import torch

        from molpair.train.trained import TrainedModel
    except ImportError as error:
        raise ExportError(f"cannot export {checkpoint} to ONNX: {error}", of_network=False) from error

    class Graph(torch.nn.Module):
        """The network on batch_inputs' tensors, by name: (mean, std) in original units."""

        def __init__(self, network: TrainedModel):
            super().__init__()
            self.network = network

        def forward(self, pairs, x_solute, edge_index_solute, edge_attr_solute, x_solute_batch, solute_slots,
                    x_solvent, edge_index_solvent, edge_attr_solvent, x_solvent_batch, solvent_slots):
            batch = SimpleNamespace(
                x_solute=x_solute, edge_index_solute=edge_index_solute, edge_attr_solute=edge_attr_solute,
                x_solute_batch=x_solute_batch, max_solute_atoms=solute_slots.size(0),
                x_solvent=x_solvent, edge_index_solvent=edge_index_solvent, edge_attr_solvent=edge_attr_solvent,
                x_solvent_batch=x_solvent_batch, max_solvent_atoms=solvent_slots.size(0),
                num_graphs=pairs.size(0),
            )
            out = self.network.predict(batch)
            return out.mean, out.std

    log.info("exporting %s to ONNX, once (tens of seconds), so that later predictions start without torch", checkpoint)
    module = TrainedModel.from_checkpoint(checkpoint)
    trace = batch_inputs([(mol_arrays(a), mol_arrays(b)) for a, b in TRACE_PAIRS])
    # every size is free: atoms, bonds (the edge index's second axis), pairs, slots
    dynamic = {name: {1 if name.startswith("edge_index") else 0: torch.export.Dim.DYNAMIC} for name in trace}
    try:
        # the exporter prints its steps and, when it fails, the whole traced graph, and logs each rewrite:
        # the outcome is this module's to report
        with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull), contextlib.redirect_stderr(devnull), \
                warnings.catch_warnings(), _quiet("torch", "onnx_ir", "onnxscript"):
            warnings.simplefilter("ignore")
            program = torch.onnx.export(
                Graph(module), (), kwargs={name: torch.from_numpy(value) for name, value in trace.items()},
                dynamic_shapes=dynamic, dynamo=True,
            )
        proto = program.model_proto
        for key, value in ((CHECKPOINT_KEY, digest), (FORMAT_KEY, FORMAT)):
            entry = proto.metadata_props.add()
            entry.key, entry.value = key, value
        with atomic_path(path) as temporary:
            onnx.save_model(proto, str(temporary))
            check = [(mol_arrays(a), mol_arrays(b)) for a, b in CHECK_PAIRS]
            exported = OnnxModel(_session(Path(temporary), 1)).predict_batch(check)
            expected = module.predict_batch(check)
            for got, want in zip(exported[:2], expected[:2]):
                if not np.allclose(got, want, rtol=TOLERANCE, atol=TOLERANCE, equal_nan=True):
                    raise ExportError(f"the ONNX graph of {checkpoint} predicts {got}, its network {want}")
    except ExportError:
        raise
    except OSError as error:
        raise ExportError(f"cannot write {path}: {error}", of_network=False) from error
    except Exception as error:  # noqa: BLE001 - torch.export and onnx fail in many ways; the network still predicts
        # torch.export's message is pages long; its "<class ...>: reason" line says what failed
        lines = [line for line in str(error).splitlines() if line.strip()] or [""]
        reason = next((line for line in lines if line.startswith("<class")), f"{type(error).__name__}: {lines[0]}")
        raise ExportError(f"cannot export {checkpoint} to ONNX: {reason}") from error
    log.info("exported %s in %.1f s", path, time.perf_counter() - started)
