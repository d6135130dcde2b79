"""xtb adapter: parser on real xtb outputs (shared fixtures), live runs of the xtb binary, tblite cross-check."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from conftest import ACETATE, DECANE, DISTORTED_WATER, METHYL, QM_FIXTURES, WATER, qm_config, skip_without_fixtures, skip_without_program
from molpair.qm import record
from molpair.qm.engines import Structure, get_engine
from molpair.qm.engines.xtb import XTBEngine, parse_output, parse_xyz, single_point

FIXTURES = QM_FIXTURES / "xtb"
needs_fixtures = skip_without_fixtures(FIXTURES)
needs_xtb = skip_without_program("xtb", "xtb")


def engine(**qm):
    return get_engine(qm_config(engine="xtb", **qm))


# --- parser on real outputs -------------------------------------------------------------------


@needs_fixtures
def test_parse_xtb651_bromomethane():
    result = parse_output((FIXTURES / "xtb6.5.1_gfn2_opt_1448.out").read_text())
    assert result.status == record.OK
    assert result.energy == pytest.approx(-7.745509058873, abs=1e-12)
    assert result.homo == pytest.approx(-11.1508) and result.lumo == pytest.approx(-5.8723)
    assert result.gap == pytest.approx(5.2785, abs=1e-4)
    assert result.dipole == pytest.approx(3.736)
    assert result.n_steps == 4
    assert result.coords.shape == (5, 3)
    np.testing.assert_allclose(result.coords[0], [-0.18542799792684, -0.00015906825566, -0.00317867081942])
    assert len(result.charges) == 5 and sum(result.charges) == pytest.approx(0.0, abs=2e-3)


@needs_fixtures
def test_parse_xtb661_divinylbenzene_and_xtbopt():
    result = parse_output((FIXTURES / "xtb6.6.1_gfn2_opt_divinylbenzene.out").read_text())
    assert result.status == record.OK
    assert result.energy == pytest.approx(-26.438242468348, abs=1e-12)
    assert (result.homo, result.lumo) == pytest.approx((-10.1737, -7.1555))
    assert result.dipole == pytest.approx(0.0)
    assert result.n_steps == 6
    first = [0.23214923366237, -1.39278258168054, -0.00000000000218]
    np.testing.assert_allclose(result.coords[0], first, atol=1e-12)
    elements, coords = parse_xyz((FIXTURES / "xtb6.6.1_gfn2_opt_divinylbenzene.xtbopt.xyz").read_text())
    assert len(elements) == 20 and elements[0] == "C"
    np.testing.assert_allclose(coords[0], first, atol=1e-12)


@needs_fixtures
def test_cycle_limit_line_means_not_converged_despite_normal_end():
    """xtb 6.5 prints this line, then the usual final summary, and exits 0."""
    text = (FIXTURES / "xtb6.5.1_gfn2_opt_1448.out").read_text()
    text = text.replace("GEOMETRY OPTIMIZATION CONVERGED AFTER 4 ITERATIONS", "FAILED TO CONVERGE GEOMETRY OPTIMIZATION IN 4 ITERATIONS")
    result = parse_output(text)
    assert result.status == record.NOT_CONVERGED
    assert result.energy == pytest.approx(-7.745509058873) and result.n_steps == 4


# --- live runs of the binary -----------------------------------------------------------------


@needs_xtb
def test_version_is_read():
    assert engine().version.startswith("6.")


@needs_xtb
@pytest.mark.parametrize("method", ["GFN2-xTB", "GFN1-xTB", "GFN-FF"])
def test_water_optimizes(method):
    result = engine(method=method).optimize(WATER, 60)
    assert result.status == record.OK, result.error
    assert result.energy < 0 and result.n_steps >= 1
    assert 0.93 < np.linalg.norm(result.coords[1] - result.coords[0]) < 1.0
    assert len(result.charges) == 3 and sum(result.charges) == pytest.approx(0.0, abs=1e-4)
    if method == "GFN-FF":
        assert result.homo is None and result.lumo is None
    else:
        assert result.homo < result.lumo and 1.5 < result.dipole < 3.0


@needs_xtb
def test_acetate_anion():
    result = engine().optimize(ACETATE, 60)
    assert result.status == record.OK, result.error
    assert sum(result.charges) == pytest.approx(-1.0, abs=1e-4)


@needs_xtb
def test_methyl_radical_doublet_and_impossible_singlet():
    xtb = engine()
    result = xtb.optimize(METHYL, 60)
    assert result.status == record.OK, result.error
    assert result.homo is not None and result.lumo is not None
    singlet = xtb.optimize(Structure(METHYL.elements, METHYL.coords, multiplicity=1), 60)
    assert singlet.status == record.REJECTED and "multiplicity" in singlet.error


@needs_xtb
def test_cycle_limit_is_not_converged():
    result = engine(max_steps=1).optimize(DISTORTED_WATER, 60)
    assert result.status == record.NOT_CONVERGED, result.error
    assert result.energy is not None and result.coords.shape == (3, 3) and result.n_steps == 1


@needs_xtb
def test_time_limit_is_timeout():
    result = engine().optimize(DECANE, 0.001)
    assert result.status == record.TIMEOUT and "time limit" in result.error


@needs_xtb
def test_atoms_on_top_of_each_other_crash_with_reason():
    broken = Structure(["O", "H", "H"], np.array([[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.8, 0.5]]))
    result = engine().optimize(broken, 60)
    assert result.status == record.CRASHED
    assert "short distance" in result.error


@needs_xtb
def test_scf_failure_is_scf_failed():
    class OneIteration(XTBEngine):
        def prepare(self, structure, workdir):
            return super().prepare(structure, workdir) + ["--iterations", "1"]

    qm = qm_config(engine="xtb")
    result = OneIteration("GFN2-xTB", {"xtb_opt_level": "normal", "max_steps": 10}, qm).optimize(WATER, 60)
    assert result.status == record.SCF_FAILED
    assert "did not converge" in result.error


@needs_xtb
def test_single_point_matches_tblite():
    from ase.units import Bohr
    from tblite.interface import Calculator

    numbers = np.array([6, 6, 8, 8, 1, 1, 1])
    calc = Calculator("GFN2-xTB", numbers, ACETATE.coords / Bohr, ACETATE.charge, 0)
    calc.set("verbosity", 0)
    tblite_energy = calc.singlepoint().get("energy")
    xtb_energy = single_point(ACETATE, shutil.which("xtb"))
    print(f"\nGFN2-xTB acetate: tblite {tblite_energy:.12f} Eh, xtb {xtb_energy:.12f} Eh, "
          f"difference {abs(xtb_energy - tblite_energy):.1e} Eh")  # shown with -rP
    assert xtb_energy == pytest.approx(tblite_energy, abs=1e-5)
