"""results/report/index.html: one self-contained page with the tables and every figure of the report.

No external assets (only inline CSS) so the folder can be copied or opened offline; figures are linked by
relative path.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from molpair.report import calibration
from molpair.report.reference import REFERENCE_NOTE
from molpair.report.rmse import display_table

STYLE = """
body { font-family: sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em; }
th, td { border: 1px solid #bbb; padding: 0.25em 0.6em; text-align: left; }
th { background: #eee; }
.note { font-size: 0.85em; color: #555; max-width: 60em; }
.figures { display: flex; flex-wrap: wrap; gap: 1em; }
figure { margin: 0; }
figure img { max-width: 480px; }
figcaption { font-size: 0.85em; text-align: center; }
"""


def _html_table(frame: pd.DataFrame) -> str:
    """Cells are already formatted text; pandas escapes them."""
    return frame.to_html(index=False, border=0, escape=True)


def _figure(name: str) -> str:
    """A linked thumbnail of one PNG beside index.html."""
    name = escape(name, quote=True)
    return f'<figure><a href="{name}"><img src="{name}" alt="{name}"></a><figcaption>{name}</figcaption></figure>'


def render(rmse_table: pd.DataFrame, calibration_table: pd.DataFrame, images: list[str]) -> str:
    """The page: RMSE beside the reference, calibration of the predictive std, then the figures."""
    calibration_html = (
        _html_table(calibration.display_table(calibration_table))
        if len(calibration_table)
        else f"<p>{escape(calibration.NO_MODELS)}</p>"
    )
    figures = "\n".join(_figure(name) for name in images)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>molpair report</title>
<style>{STYLE}</style>
</head>
<body>
<h1>molpair report</h1>
<h2>Test RMSE, mean (std) over folds and repeats</h2>
{_html_table(display_table(rmse_table))}
<p class="note">{escape(REFERENCE_NOTE)}</p>
<p>Data: <a href="rmse.csv">rmse.csv</a>, <a href="rmse.md">rmse.md</a></p>
<h2>Calibration of the predictive std (test set)</h2>
{calibration_html}
<p>Data: <a href="calibration.csv">calibration.csv</a>, <a href="calibration.md">calibration.md</a></p>
<h2>Figures</h2>
<div class="figures">
{figures}
</div>
</body>
</html>
"""
