"""Lindh's model Hessian in Cartesian coordinates: a starting Hessian for quasi-Newton optimizers.

Lindh, Bernhardsson, Karlström & Malmqvist, Chem. Phys. Lett. 241, 423 (1995): every pair, bend and
torsion gets a force constant k·ρ, with ρ_ij = exp(α_ij (r_ref,ij² − r_ij²)) decaying with distance
(α and r_ref by periodic-table row), so bonds are stiff and contacts between molecules soft but
present. H = Σ k ∇q ∇qᵀ over those internal coordinates q. It needs only elements and positions;
BFGS started from it (`optimizers.ModelBFGS`) takes fewer steps than from a uniform diagonal.
"""

from __future__ import annotations

import numpy as np
from ase.units import Bohr, Hartree

# Rows 1 (H, He), 2 (Li-Ne), 3 (Na and heavier) of the paper's tables; bohr^-2 and bohr.
_ALPHA = np.array([[1.0, 0.3949, 0.3949], [0.3949, 0.28, 0.28], [0.3949, 0.28, 0.28]])
_R_REF = np.array([[1.35, 2.10, 2.53], [2.10, 2.87, 3.40], [2.53, 3.40, 3.40]])
K_STRETCH, K_BEND, K_TORSION = 0.45, 0.15, 0.005  # hartree / bohr² (and / rad²)
CUTOFF = 1e-3  # stretches with ρ below this are left out; bends and torsions need ρ above √CUTOFF on each pair
# Bends wider than this are linear: they bend in two planes instead of one, and torsions through
# them have no defined gradient.
_LINEAR_SIN = np.sin(np.radians(175.0))


def _rows(numbers: np.ndarray) -> np.ndarray:
    return np.where(numbers <= 2, 0, np.where(numbers <= 10, 1, 2))


def _rho(numbers: np.ndarray, x: np.ndarray) -> np.ndarray:
    row = _rows(numbers)
    alpha, r_ref = _ALPHA[row[:, None], row[None, :]], _R_REF[row[:, None], row[None, :]]
    rho = np.exp(alpha * (r_ref**2 - ((x[:, None, :] - x[None, :, :]) ** 2).sum(-1)))
    np.fill_diagonal(rho, 0.0)
    return rho


def stretch_gradients(x: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """d|x_i − x_j| / d(x_i, x_j), shape (terms, 2, 3)."""
    unit = x[i] - x[j]
    unit /= np.linalg.norm(unit, axis=1)[:, None]
    return np.stack([unit, -unit], axis=1)


def bend_gradients(x: np.ndarray, i: np.ndarray, j: np.ndarray, k: np.ndarray) -> np.ndarray:
    """d angle(i-j-k) / d(x_i, x_j, x_k), shape (terms, 3, 3); j is the vertex."""
    u, v = x[i] - x[j], x[k] - x[j]
    lu, lv = np.linalg.norm(u, axis=1)[:, None], np.linalg.norm(v, axis=1)[:, None]
    eu, ev = u / lu, v / lv
    cos = (eu * ev).sum(1)[:, None]
    sin = np.sqrt(1.0 - cos**2)
    gi, gk = (cos * eu - ev) / (lu * sin), (cos * ev - eu) / (lv * sin)
    return np.stack([gi, -gi - gk, gk], axis=1)


def linear_bend_gradients(x: np.ndarray, i: np.ndarray, j: np.ndarray, k: np.ndarray) -> np.ndarray:
    """The two bends of a linear i-j-k (as C-C≡N) in perpendicular planes, shape (terms, 2, 3, 3): in
    plane p, q = p·(x_i − x_j)/|x_i − x_j| + p·(x_k − x_j)/|x_k − x_j|, zero for translations and rotations."""
    axis = x[k] - x[i]
    axis /= np.linalg.norm(axis, axis=1)[:, None]
    least_aligned = np.eye(3)[np.argmin(np.abs(axis), axis=1)]
    p1 = np.cross(axis, least_aligned)
    p1 /= np.linalg.norm(p1, axis=1)[:, None]
    p2 = np.cross(axis, p1)
    inverse_i = 1.0 / np.linalg.norm(x[i] - x[j], axis=1)[:, None]
    inverse_k = 1.0 / np.linalg.norm(x[k] - x[j], axis=1)[:, None]
    return np.stack([np.stack([p * inverse_i, -p * (inverse_i + inverse_k), p * inverse_k], axis=1) for p in (p1, p2)], axis=1)


def torsion_gradients(x: np.ndarray, i: np.ndarray, j: np.ndarray, k: np.ndarray, l: np.ndarray) -> np.ndarray:
    """d dihedral(i-j-k-l) / d(x_i, x_j, x_k, x_l), shape (terms, 4, 3) (Blondel & Karplus 1996)."""
    b1, b2, b3 = x[j] - x[i], x[k] - x[j], x[l] - x[k]
    m, n = np.cross(b1, b2), np.cross(b2, b3)
    m2, n2 = (m**2).sum(1)[:, None], (n**2).sum(1)[:, None]
    length = np.linalg.norm(b2, axis=1)[:, None]
    gi, gl = -length / m2 * m, length / n2 * n
    s1, s3 = (b1 * b2).sum(1)[:, None] / length**2, (b3 * b2).sum(1)[:, None] / length**2
    return np.stack([gi, s3 * gl - (1 + s1) * gi, s1 * gi - (1 + s3) * gl, gl], axis=1)


def _accumulate(hessian: np.ndarray, atoms: np.ndarray, gradients: np.ndarray, k: np.ndarray) -> None:
    """hessian[a, :, b, :] += k ∇q_a ∇q_bᵀ for every term's atoms a, b."""
    for a in range(atoms.shape[1]):
        for b in range(atoms.shape[1]):
            blocks = k[:, None, None] * gradients[:, a, :, None] * gradients[:, b, None, :]
            np.add.at(hessian, (atoms[:, a], slice(None), atoms[:, b], slice(None)), blocks)


def _cos(x: np.ndarray, i: np.ndarray, j: np.ndarray, k: np.ndarray) -> np.ndarray:
    u, v = x[i] - x[j], x[k] - x[j]
    return (u * v).sum(1) / (np.linalg.norm(u, axis=1) * np.linalg.norm(v, axis=1))


def _bent(cos: np.ndarray) -> np.ndarray:
    return 1.0 - cos**2 >= _LINEAR_SIN**2


def lindh(numbers, positions) -> np.ndarray:
    """Model Hessian (eV/Å², shape 3N × 3N) for atomic numbers and positions (Å)."""
    numbers = np.asarray(numbers)
    x = np.asarray(positions, dtype=float) / Bohr
    n = len(x)
    rho = _rho(numbers, x)
    hessian = np.zeros((n, 3, n, 3))
    # Stretches: every pair above the cutoff.
    i, j = np.nonzero(np.triu(rho > CUTOFF))
    _accumulate(hessian, np.stack([i, j], 1), stretch_gradients(x, i, j), K_STRETCH * rho[i, j])
    # Bends and torsions run over neighbours: pairs with ρ above √CUTOFF (bonds and the closest contacts).
    neighbours = [np.nonzero(rho[a] > np.sqrt(CUTOFF))[0] for a in range(n)]
    bends = np.array([(a, j, b) for j in range(n) for index, a in enumerate(neighbours[j]) for b in neighbours[j][index + 1:]],
                     dtype=int).reshape(-1, 3)
    a, j, b = bends.T
    k = K_BEND * rho[a, j] * rho[j, b]
    keep, cos = k > K_BEND * CUTOFF, _cos(x, a, j, b)
    bent, straight = keep & _bent(cos), keep & ~_bent(cos) & (cos < 0)  # (angles near 0° have no bend)
    _accumulate(hessian, np.stack([a, j, b], 1)[bent], bend_gradients(x, a[bent], j[bent], b[bent]), k[bent])
    for plane in linear_bend_gradients(x, a[straight], j[straight], b[straight]).transpose(1, 0, 2, 3):
        _accumulate(hessian, np.stack([a, j, b], 1)[straight], plane, k[straight])
    # Torsions a-j-k-l around each neighbour pair j < k, through angles that are not linear.
    torsions = [(a, j, k, l) for j in range(n) for k in neighbours[j] if j < k
                for a in neighbours[j] if a != k for l in neighbours[k] if l not in (j, a)]
    if torsions:
        a, j, k, l = np.array(torsions, dtype=int).T
        constant = K_TORSION * rho[a, j] * rho[j, k] * rho[k, l]
        keep = (constant > K_TORSION * CUTOFF) & _bent(_cos(x, a, j, k)) & _bent(_cos(x, j, k, l))
        a, j, k, l = a[keep], j[keep], k[keep], l[keep]
        _accumulate(hessian, np.stack([a, j, k, l], 1), torsion_gradients(x, a, j, k, l), constant[keep])
    return hessian.reshape(3 * n, 3 * n) * Hartree / Bohr**2
