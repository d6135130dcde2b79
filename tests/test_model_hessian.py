"""Lindh's model Hessian: its internal-coordinate gradients, its symmetries, and what it says is stiff."""

from __future__ import annotations

import numpy as np
import pytest

from molpair.qm import model_hessian


def _angle(x, i, j, k):
    u, v = x[i] - x[j], x[k] - x[j]
    return np.arccos(u @ v / np.linalg.norm(u) / np.linalg.norm(v))


def _dihedral(x, i, j, k, l):
    b1, b2, b3 = x[j] - x[i], x[k] - x[j], x[l] - x[k]
    m, n = np.cross(b1, b2), np.cross(b2, b3)
    return np.arctan2(np.cross(m, n) @ b2 / np.linalg.norm(b2), m @ n)


@pytest.mark.parametrize(
    ("value", "gradients", "atoms"),
    [
        (lambda x, i, j: np.linalg.norm(x[i] - x[j]), model_hessian.stretch_gradients, (0, 1)),
        (_angle, model_hessian.bend_gradients, (0, 1, 2)),
        (_dihedral, model_hessian.torsion_gradients, (0, 1, 2, 3)),
    ],
)
def test_internal_coordinate_gradients_match_finite_differences(value, gradients, atoms):
    x = np.array([[0.1, 1.3, -0.2], [0.0, 0.0, 0.0], [1.4, 0.1, 0.2], [1.9, 0.9, 1.1]])
    analytic = gradients(x, *(np.array([a]) for a in atoms))[0]
    step = 1e-6
    for position, atom in enumerate(atoms):
        for axis in range(3):
            plus, minus = x.copy(), x.copy()
            plus[atom, axis] += step
            minus[atom, axis] -= step
            numeric = (value(plus, *atoms) - value(minus, *atoms)) / (2 * step)
            assert analytic[position, axis] == pytest.approx(numeric, abs=1e-6)


def test_linear_bends_match_finite_differences_and_stiffen_both_planes():
    """A linear C-C≡N bends in two planes (without them BFGS overshoots a nitrile for hundreds of steps)."""
    x = np.array([[0.0, 0.0, 0.0], [1.43, 0.0, 0.0], [2.59, 0.0, 0.0]])
    gradients = model_hessian.linear_bend_gradients(x, np.array([0]), np.array([1]), np.array([2]))[0]
    for plane_gradient in gradients:
        p = plane_gradient[0] * np.linalg.norm(x[0] - x[1])  # the plane's unit vector

        def bend(y):
            return p @ (y[0] - y[1]) / np.linalg.norm(y[0] - y[1]) + p @ (y[2] - y[1]) / np.linalg.norm(y[2] - y[1])

        for atom in range(3):
            for axis in range(3):
                plus, minus = x.copy(), x.copy()
                plus[atom, axis] += 1e-6
                minus[atom, axis] -= 1e-6
                assert plane_gradient[atom, axis] == pytest.approx((bend(plus) - bend(minus)) / 2e-6, abs=1e-6)
    # A linear molecule has 3 translations and 2 rotations; every other mode (2 stretches, 2 bends) is stiff.
    eigenvalues = np.linalg.eigvalsh(model_hessian.lindh([6, 6, 7], x))
    assert np.sum(eigenvalues < 1e-6) == 5 and eigenvalues[5] > 1.0


def test_water_dimer_hessian_is_symmetric_invariant_and_stiff_along_bonds():
    water = np.array([[0.0, 0.0, 0.0], [0.96, 0.0, 0.0], [-0.24, 0.93, 0.0]])
    positions = np.vstack([water, water + [2.9, 0.3, 0.2]])
    hessian = model_hessian.lindh([8, 1, 1, 8, 1, 1], positions)
    assert hessian.shape == (18, 18) and np.allclose(hessian, hessian.T)
    assert np.linalg.eigvalsh(hessian).min() > -1e-8
    # No force constant for moving everything rigidly: rows sum to zero over the atoms, per axis.
    assert np.allclose(hessian.reshape(6, 3, 6, 3).sum(axis=2), 0.0, atol=1e-9)

    def curvature(direction):
        direction = direction / np.linalg.norm(direction)
        return direction @ hessian @ direction

    bond = np.zeros((6, 3))
    bond[1] = positions[1] - positions[0]
    apart = np.zeros((6, 3))
    apart[3:] = [1.0, 0.0, 0.0]
    # An O-H stretch is far stiffer than pulling the two molecules apart, which is soft but not free.
    assert curvature(bond.ravel()) > 50 * curvature(apart.ravel()) > 0
