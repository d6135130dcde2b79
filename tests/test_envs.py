"""envs/molpair.yaml, the workflow's conda environment (`--sdm conda`), installs what pyproject.toml declares,
with the same pins, and every rule that runs molpair uses it."""

from __future__ import annotations

import re
import tomllib

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from conftest import REPO

ENV_FILE = REPO / "envs" / "molpair.yaml"


def project() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text())["project"]


def by_name(requirements: list[str]) -> dict[str, SpecifierSet]:
    """Canonical package name → version specifier."""
    parsed = [Requirement(text) for text in requirements]
    return {canonicalize_name(requirement.name): requirement.specifier for requirement in parsed}


def env_sections() -> tuple[list[str], list[str]]:
    """The environment's conda and pip dependencies."""
    dependencies = yaml.safe_load(ENV_FILE.read_text())["dependencies"]
    conda = [entry for entry in dependencies if isinstance(entry, str)]
    pip = [item for entry in dependencies if isinstance(entry, dict) for item in entry["pip"]]
    return conda, pip


def pins(specifiers: dict[str, SpecifierSet]) -> dict[str, str]:
    return {name: spec.version for name, spec_set in specifiers.items() for spec in spec_set if spec.operator == "=="}


def test_every_pin_agrees_with_pyproject():
    declared = by_name(project()["dependencies"] + project()["optional-dependencies"]["optimizers"])
    installed = by_name(env_sections()[1])
    assert pins(declared) == pins(installed)
    assert pins(declared) == {"torch": "2.13.0", "rdkit": "2026.9.1"}


def test_env_installs_every_dependency_with_its_specifier():
    declared = by_name(project()["dependencies"])
    installed = by_name(env_sections()[1])
    assert {name: str(spec) for name, spec in declared.items()} == {
        name: str(installed.get(name)) for name in declared
    }


def test_env_python_satisfies_requires_python():
    conda = dict(entry.split("=", 1) for entry in env_sections()[0] if "=" in entry)
    assert conda["python"] == "3.11"
    assert SpecifierSet(project()["requires-python"]).contains("3.11")


def test_every_rule_that_runs_molpair_uses_the_env():
    text = "".join(path.read_text() for path in sorted((REPO / "workflow" / "rules").glob("*.smk")))
    molpair_shells = len(re.findall(r'\n    shell:\n        "molpair ', text))
    assert molpair_shells > 0
    assert len(re.findall(r'\n    conda:\n        MOLPAIR_ENV\n    shell:\n        "molpair ', text)) == molpair_shells
    assert (REPO / "envs" / "molpair.post-deploy.sh").is_file()
