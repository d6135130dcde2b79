"""Published test RMSE, mean (std), to print beside ours.

Source: G. S. Na, "A Data-driven Approach for Efficient Physical Chemistry" (KRICT talk), as copied into
the project's DESIGN.md ("Evaluation protocol"). The talk's AttentiveFP, CIGIN and CGIB are our `attentivefp`,
`cigin` and `cgib`; the talk's own method is our `prl`. Our ablations have no reference.

Caveat: their FreeSolv (560 pairs) and MNSol (2,275 pairs) subsets are not public; ours are FreeSolv v0.52
(642) and an MNSol export of 2,530 neutral pairs, so these numbers are context, not a like-for-like target.
"""

from __future__ import annotations

import math

# model -> built-in dataset -> (RMSE mean, RMSE std), in the dataset's unit (molpair.data.sources.SOURCES).
REFERENCE_RMSE: dict[str, dict[str, tuple[float, float]]] = {
    "attentivefp": {
        "chr_abs": (21.25, 0.33),
        "chr_emi": (28.84, 0.31),
        "chr_life": (0.85, 0.02),
        "freesolv": (1.05, 0.02),
        "mnsol": (0.69, 0.01),
    },
    "cigin": {
        "chr_abs": (19.32, 0.35),
        "chr_emi": (25.09, 0.32),
        "chr_life": (0.80, 0.01),
        "freesolv": (0.91, 0.01),
        "mnsol": (0.61, 0.02),
    },
    "cgib": {
        "chr_abs": (18.11, 0.38),
        "chr_emi": (23.90, 0.35),
        "chr_life": (0.77, 0.01),
        "freesolv": (0.85, 0.02),
        "mnsol": (0.54, 0.01),
    },
    "prl": {
        "chr_abs": (16.05, 0.28),
        "chr_emi": (20.14, 0.28),
        "chr_life": (0.69, 0.01),
        "freesolv": (0.80, 0.01),
        "mnsol": (0.47, 0.02),
    },
}

REFERENCE_NOTE = (
    "Reference: test RMSE mean (std) from G. S. Na's KRICT talk (via the project's DESIGN.md). Their FreeSolv (560) "
    "and MNSol (2,275) subsets differ from ours (FreeSolv v0.52, 642; MNSol, 2,530 neutral pairs): compare "
    "models side by side on our data, not with their numbers alone. A dataset of which the run keeps a subset "
    "(`max_pairs`, `max_atoms`) shows none."
)


def reference_rmse(dataset: str, model: str) -> tuple[float, float]:
    """The talk's (mean, std) for this dataset × model, or (NaN, NaN) where it reports none."""
    return REFERENCE_RMSE.get(model, {}).get(dataset, (math.nan, math.nan))
