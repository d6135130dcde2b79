"""`molpair serve`: a trained run, or the average of several (`RunAverage`: their mean prediction, their
spread as the uncertainty, their mean attention weights, the first run's domain), behind an HTTP JSON API
and a web page, the models loaded once at start.

Endpoints:

- `GET /health`: the runs served, their models and whether the first has a training domain.
- `POST /predict` with {"solute": SMILES, "solvent": SMILES}: prediction, uncertainty (null for models
  without one), the applicability-domain flags (null for runs without domain.json) and the solute's
  per-atom attention weights (null for models without an interaction map).
- `POST /predict/batch` with {"pairs": [{"solute", "solvent"}, ...]} (at most MAX_BATCH): the same per
  pair without attention, in order; a pair whose SMILES cannot be used gets its reason in `error` and a
  null prediction, as in `molpair predict --input`.
- `POST /attention.svg` with one pair: the solute drawn with its attention weights.
- `GET /`: page.html, a self-contained page (no external scripts: the service may run offline).

A malformed request (not JSON, missing or extra fields, wrong types, too many pairs) and a single pair whose
SMILES cannot be used get 422 with a `detail` sentence naming the field and the reason, never a 500.
FastAPI and uvicorn are imported by this module only, so other commands start without them.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pandas as pd
from fastapi import FastAPI, HTTPException
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from molpair.report.attention import attention_svg, weights_table
from molpair.serve import MAX_BATCH
from molpair.train.domain import MIN_SIMILARITY, domain_warning, load_domain
from molpair.train.predict import load_run, one_model, predict_pairs


class Pair(BaseModel):
    """One (solute, solvent) pair as SMILES."""

    model_config = ConfigDict(extra="forbid")
    solute: str
    solvent: str


class PairBatch(BaseModel):
    """Up to MAX_BATCH pairs, predicted in order."""

    model_config = ConfigDict(extra="forbid")
    pairs: list[Pair] = Field(min_length=1, max_length=MAX_BATCH)


def _number(value) -> float | None:
    """A float for JSON; None for NaN (JSON has no NaN)."""
    return None if pd.isna(value) else float(value)


def _domain(row: dict) -> dict | None:
    """The domain flags of a predicted row as JSON; None without a training domain."""
    if pd.isna(row["in_domain"]):
        return None
    return {
        "in_domain": bool(row["in_domain"]),
        "unseen_elements": row["unseen_elements"].split(",") if row["unseen_elements"] else [],
        "size_out_of_range": bool(row["size_out_of_range"]),
        "nearest_similarity": _number(row["nearest_similarity"]),
        "low_similarity": bool(row["low_similarity"]),
        "warning": domain_warning(row),
    }


def _result(row: dict) -> dict:
    return {
        "solute": row["solute_smiles"],
        "solvent": row["solvent_smiles"],
        "prediction": _number(row["prediction"]),
        "uncertainty": _number(row["uncertainty"]),
        "domain": _domain(row),
    }


def _validation_reason(errors: list[dict]) -> str:
    """FastAPI's validation errors as one sentence, e.g. "pairs.0.solvent: Field required"."""
    reasons = []
    for error in errors:
        where = ".".join(str(part) for part in error["loc"] if part != "body") or "request body"
        reasons.append(f"{where}: {error['msg']}")
    return "; ".join(reasons)


def create_app(run_dirs: list[str | Path], min_similarity: float = MIN_SIMILARITY, threads: int = 1) -> FastAPI:
    """The service of one training run directory, or of the average of several (loaded here, once; a
    lightgbm run's new molecules on `threads` processes)."""
    members = [load_run(run_dir, threads=threads) for run_dir in run_dirs]
    module = one_model(members)
    domain = load_domain(run_dirs[0], min_similarity)
    page = files("molpair.serve").joinpath("page.html").read_text()
    app = FastAPI(title="molpair", description="Pair property predictions of trained runs")

    def predicted(pair: Pair) -> dict:
        """The pair's row with its attention weights; 422 naming the side whose SMILES cannot be used."""
        row = predict_pairs(module, [pair.solute], [pair.solvent], domain=domain, attention=True).to_dict("records")[0]
        if row["error"]:
            raise HTTPException(status_code=422, detail=row["error"])
        return row

    @app.exception_handler(RequestValidationError)
    def invalid_request(request, error: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in error.errors()]
        return JSONResponse({"detail": _validation_reason(errors), "errors": errors}, status_code=422)

    @app.get("/health")
    def health() -> dict:
        return {
            "status": "ok",
            "runs": [str(run_dir) for run_dir in run_dirs],
            "models": [member.model_name for member in members],
            "domain": domain is not None,
            "max_batch": MAX_BATCH,
        }

    @app.post("/predict")
    def predict(pair: Pair) -> dict:
        row = predicted(pair)
        weights = row["attention"]  # from the prediction's forward pass; None without an interaction map
        table = None if weights is None else weights_table(pair.solute, weights).to_dict("records")
        return {**_result(row), "attention": table}

    @app.post("/predict/batch")
    def predict_batch(batch: PairBatch) -> dict:
        solutes, solvents = [pair.solute for pair in batch.pairs], [pair.solvent for pair in batch.pairs]
        rows = predict_pairs(module, solutes, solvents, domain=domain).to_dict("records")
        return {"predictions": [{**_result(row), "error": row["error"]} for row in rows]}

    @app.post("/attention.svg")
    def attention(pair: Pair) -> Response:
        weights = predicted(pair)["attention"]
        if weights is None:
            raise HTTPException(status_code=422, detail="the model has no atom-wise interaction map to draw")
        return Response(attention_svg(pair.solute, weights), media_type="image/svg+xml")

    @app.get("/", response_class=HTMLResponse)
    def index() -> str:
        return page

    return app


def serve(
    run_dirs: list[str | Path], host: str, port: int, min_similarity: float = MIN_SIMILARITY, threads: int = 1
) -> None:
    """Load the runs and serve them with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(create_app(run_dirs, min_similarity, threads), host=host, port=port)
