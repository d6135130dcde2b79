"""MOPAC adapter: parser on real MOPAC outputs (shared fixtures) and live runs of the mopac binary."""

from __future__ import annotations


import numpy as np
import pytest

from conftest import ACETATE, DECANE, DISTORTED_WATER, METHYL, QM_FIXTURES, WATER, qm_config, skip_without_fixtures, skip_without_program
from molpair.qm import record
from molpair.qm.engines import Structure, get_engine
from molpair.qm.engines.mopac import MOPACEngine, parse_output

FIXTURES = QM_FIXTURES / "mopac"
needs_fixtures = skip_without_fixtures(FIXTURES)
needs_mopac = skip_without_program("mopac", "mopac")


def engine(**qm):
    return get_engine(qm_config(engine="mopac", **qm))


# --- parser on real outputs -------------------------------------------------------------------


@needs_fixtures
def test_parse_mopac2012_pm7_water():
    result = parse_output((FIXTURES / "mopac2012-14.208M_pm7_opt_water.out").read_text())
    assert result.status == record.OK
    assert result.extra["heat_of_formation_kcal_mol"] == pytest.approx(-57.79898)
    assert result.energy == pytest.approx(-57.79898 / record.HARTREE_TO_KCAL, abs=1e-10)
    assert result.extra["total_energy_ev"] == pytest.approx(-322.67918)
    assert (result.homo, result.lumo) == pytest.approx((-12.111, 4.047))
    assert result.dipole == pytest.approx(2.131)
    assert result.coords.shape == (3, 3)
    np.testing.assert_allclose(result.coords[0], [0.007123662, 0.007539924, 0.0])
    assert result.charges == pytest.approx([-0.648660, 0.324465, 0.324195])
    assert result.n_steps == 8


@needs_fixtures
def test_parse_mopac2016_am1_co2_without_total_energy():
    result = parse_output((FIXTURES / "mopac2016-21.298M_am1_opt_co2.out").read_text())
    assert result.status == record.OK
    assert result.energy == pytest.approx(-79.86140 / record.HARTREE_TO_KCAL, abs=1e-10)
    assert result.extra["total_energy_ev"] is None
    assert (result.homo, result.lumo) == pytest.approx((-13.215, 0.853))
    assert result.dipole == pytest.approx(0.0)
    assert result.coords.shape == (3, 3)
    np.testing.assert_allclose(result.coords[0], [0.000000001, 0.0, 0.000000001], atol=1e-12)
    assert sum(result.charges) == pytest.approx(0.0, abs=1e-5)


# --- live runs of the binary -----------------------------------------------------------------


@needs_mopac
def test_version_is_read():
    assert engine().version.startswith("22.")


@needs_mopac
@pytest.mark.parametrize("method", ["PM7", "PM6", "AM1", "PM3"])
def test_water_optimizes(method):
    result = engine(method=method).optimize(WATER, 60)
    assert result.status == record.OK, result.error
    assert -0.15 < result.energy < -0.05  # heat of formation of water, about -55 to -60 kcal/mol
    assert 0.93 < np.linalg.norm(result.coords[1] - result.coords[0]) < 1.0
    assert result.homo < result.lumo and 1.5 < result.dipole < 3.0
    assert len(result.charges) == 3 and result.n_steps >= 1


@needs_mopac
def test_acetate_anion():
    result = engine().optimize(ACETATE, 60)
    assert result.status == record.OK, result.error
    assert sum(result.charges) == pytest.approx(-1.0, abs=1e-4)


@needs_mopac
def test_methyl_radical_runs_as_uhf_doublet():
    result = engine().optimize(METHYL, 60)
    assert result.status == record.OK, result.error
    assert result.homo < result.lumo


@needs_mopac
def test_multiplicity_without_keyword_is_rejected():
    o8 = Structure(["O"] * 8, np.array([[3.0 * i, 0.0, 0.0] for i in range(8)]), multiplicity=9)
    result = engine().optimize(o8, 60)
    assert result.status == record.REJECTED and "multiplicity 9" in result.error


@needs_mopac
def test_cycle_limit_is_not_converged():
    result = engine(max_steps=1).optimize(DISTORTED_WATER, 60)
    assert result.status == record.NOT_CONVERGED
    assert "EXCESS NUMBER OF OPTIMIZATION CYCLES" in result.error
    assert result.energy is not None and result.coords.shape == (3, 3) and result.n_steps == 1


@needs_mopac
def test_time_limit_is_timeout():
    result = engine().optimize(DECANE, 0.001)
    assert result.status == record.TIMEOUT and "time limit" in result.error


@needs_mopac
def test_atoms_on_top_of_each_other_crash_with_reason():
    broken = Structure(["O", "H", "H"], np.array([[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.8, 0.5]]))
    result = engine().optimize(broken, 60)
    assert result.status == record.CRASHED
    assert "SEPARATED BY" in result.error and result.energy is None


@needs_mopac
def test_scf_failure_is_scf_failed():
    class OneSCFIteration(MOPACEngine):
        def keywords(self, structure):
            return super().keywords(structure) + ["ITRY=1"]

    cluster = Structure(["O", "O", "O", "C"], np.array([[0.0, 0.0, 0.0], [0.0, 0.0, 2.5], [0.0, 1.3, 1.0], [1.0, 1.0, 1.0]]))
    result = OneSCFIteration("PM7", {"mopac_gnorm": 1.0, "max_steps": 5}, qm_config(engine="mopac")).optimize(cluster, 60)
    assert result.status == record.SCF_FAILED
    assert "SELF-CONSISTENCE" in result.error
