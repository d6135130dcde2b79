"""Progress of long stages: a live bar on a terminal, periodic log lines in batch jobs."""

from __future__ import annotations

import logging
import sys
import time
from collections import deque
from contextlib import contextmanager
from typing import Iterator

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

log = logging.getLogger("molpair")

#: Log lines over which the rate behind the ETA is measured: a stage whose rate changes (REINVENT slows about
#: fivefold late in a run) gets an ETA from its recent pace, not from its average since the start.
RATE_WINDOW = 10


class _Reporter:
    def __init__(self, label: str, total: int, interval_s: float, bar: Progress | None):
        self.label, self.total, self.interval_s, self.bar = label, total, interval_s, bar
        self.done = 0
        self.recent = deque([(time.perf_counter(), 0)], maxlen=RATE_WINDOW + 1)  # (time, done) at the last log lines
        self.task = bar.add_task(label, total=total) if bar else None

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self.bar:
            self.bar.advance(self.task, n)
            return
        now = time.perf_counter()
        if now - self.recent[-1][0] >= self.interval_s or self.done == self.total:
            self.recent.append((now, self.done))
            since, done_then = self.recent[0]
            rate = (self.done - done_then) / max(now - since, 1e-9)
            eta = (self.total - self.done) / rate if rate > 0 else float("inf")
            log.info("%s: %d/%d done, %.2f/s, eta %.0f s", self.label, self.done, self.total, rate, eta)


@contextmanager
def progress(label: str, total: int, interval_s: float = 15.0) -> Iterator[_Reporter]:
    """Report `done/total`, rate and ETA while a loop runs."""
    if sys.stderr.isatty():
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, transient=False) as bar:
            yield _Reporter(label, total, interval_s, bar)
    else:
        yield _Reporter(label, total, interval_s, None)
