"""Adapters for command-line programs: scratch directory, argument lists, thread counts, time limit.

A program is never started through a shell string; its inputs are written to a fresh scratch
directory (under $TMPDIR, which cluster jobs usually point at local disk) that is removed afterwards.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from molpair.config import ENGINE_PROGRAMS
from molpair.qm import record
from molpair.qm.engines.base import Engine, Result, Structure
from molpair.threads import thread_variables

OUTPUT_TAIL_CHARS = 2000


@dataclass
class Completed:
    returncode: int | None
    stdout: str
    stderr: str
    timed_out: bool
    wall_s: float

    def tail(self, chars: int = OUTPUT_TAIL_CHARS) -> str:
        return (self.stdout + "\n" + self.stderr).strip()[-chars:]


def thread_environment(threads: int) -> dict[str, str]:
    return {**os.environ, **thread_variables(threads)}


def run_program(args: list[str], workdir: Path, timeout_s: float, env: dict[str, str]) -> Completed:
    """Run `args` in `workdir`; on timeout the whole process group is killed."""
    start = time.perf_counter()
    with subprocess.Popen(
        [str(a) for a in args],
        cwd=workdir,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        start_new_session=True,
    ) as proc:
        try:
            stdout, stderr = proc.communicate(timeout=timeout_s)
            timed_out = False
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            stdout, stderr = proc.communicate()
            timed_out = True
    return Completed(proc.returncode, stdout, stderr, timed_out, time.perf_counter() - start)


class ExternalEngine(Engine):
    """Base of the command-line adapters: subclasses write inputs and parse outputs."""

    @property
    def executable(self) -> str:
        program, package = ENGINE_PROGRAMS[self.name]
        configured = self.options.get(f"{self.name}_path") or program
        found = shutil.which(configured)
        if found is None:
            hint = f"install the Debian package `{package}`" if package else f"set qm.{self.name}_path"
            raise FileNotFoundError(f"{configured} not found on PATH: {hint}")
        return found

    @property
    def threads(self) -> int:
        return int(self.options.get("threads", 1))

    @property
    def version(self) -> str:
        return _program_version(self.executable, tuple(self.version_args()), self.version_pattern())

    def version_args(self) -> list[str]:
        return ["--version"]

    def version_pattern(self) -> str:
        raise NotImplementedError

    def _optimize(self, structure: Structure, time_limit_s: float) -> Result:
        with tempfile.TemporaryDirectory(prefix=f"molpair-{self.name}-") as scratch:
            workdir = Path(scratch)
            args = self.prepare(structure, workdir)
            completed = run_program(args, workdir, time_limit_s, thread_environment(self.threads))
            if completed.timed_out:
                return Result(status=record.TIMEOUT, error=f"time limit of {time_limit_s:g} s reached\n{completed.tail(500)}")
            return self.interpret(structure, workdir, completed)

    def prepare(self, structure: Structure, workdir: Path) -> list[str]:
        """Write the inputs into `workdir`; return the argument list to run."""
        raise NotImplementedError

    def interpret(self, structure: Structure, workdir: Path, completed: Completed) -> Result:
        """Turn the program's outputs into a Result (status included)."""
        raise NotImplementedError


@functools.lru_cache(maxsize=None)
def _program_version(executable: str, args: tuple[str, ...], pattern: str) -> str:
    try:
        completed = subprocess.run([executable, *args], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"unknown ({error})"
    match = re.search(pattern, completed.stdout + completed.stderr)
    return match.group(1) if match else "unknown"
