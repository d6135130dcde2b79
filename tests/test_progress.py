"""The progress log of long stages: its ETA follows the recent rate, not the average since the start."""

import logging

from molpair import progress as progress_module
from molpair.progress import RATE_WINDOW, progress


def test_eta_follows_the_recent_rate(monkeypatch, caplog):
    clock = iter(range(0, 10_000, 10))  # each reading of the clock 10 s after the last: one per advance ...
    monkeypatch.setattr(progress_module.time, "perf_counter", lambda: float(next(clock)))
    caplog.set_level(logging.INFO, logger="molpair")
    with progress("calls", 1_000, interval_s=1.0) as reporter:
        for _ in range(RATE_WINDOW):
            reporter.advance(10)  # ... first 10 items per 10 s
        for _ in range(RATE_WINDOW):
            reporter.advance(1)  # ... then 1 item per 10 s
    last = caplog.messages[-1]
    # 110 of 1,000 done; the whole-run average (0.55/s) would promise about 1,600 s; the recent 0.1/s says 8,900.
    assert last == "calls: 110/1000 done, 0.10/s, eta 8900 s"
