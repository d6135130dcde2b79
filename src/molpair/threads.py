"""Thread pinning of calculations, importable before NumPy or an engine library loads (stdlib only)."""

from __future__ import annotations

import os


def thread_variables(threads: int) -> dict[str, str]:
    """Environment that pins OpenMP/BLAS threads of a calculation (set before an engine library loads)."""
    variables = {var: str(threads) for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
    variables["OMP_STACKSIZE"] = os.environ.get("OMP_STACKSIZE", "1G")
    return variables
