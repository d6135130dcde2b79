# Calibration figures (calibration-{dataset}.png) are written only for datasets with a model that predicts a
# standard deviation, so they are not declared outputs; index.html links every figure that was written.
rule report:
    input:
        metrics=expand(
            str(LAYOUT.metrics("{dataset}", "{model}", "{fold}", "{rep}")),
            dataset=DATASETS,
            model=MODELS,
            fold=FOLDS,
            rep=REPEATS,
        ),
        predictions=expand(
            str(LAYOUT.run("{dataset}", "{model}", "{fold}", "{rep}") / "predictions.parquet"),
            dataset=DATASETS,
            model=MODELS,
            fold=FOLDS,
            rep=REPEATS,
        ),
        ensembles=[str(LAYOUT.ensemble_summary(dataset)) for dataset in DATASETS if dataset in ENSEMBLE_SETS],
        ingest=expand(str(LAYOUT.ingest_summary("{dataset}")), dataset=DATASETS),
        # The report also tabulates the design runs (design.csv, design.md) when the config has any.
        designs=DESIGN_SUMMARIES,
    output:
        csv=report(str(LAYOUT.report() / "rmse.csv"), caption="../report/rmse.rst", category="RMSE"),
        md=str(LAYOUT.report() / "rmse.md"),
        comparisons=str(LAYOUT.report() / "comparisons.csv"),
        calibration=report(
            str(LAYOUT.report() / "calibration.csv"), caption="../report/calibration.rst", category="Calibration"
        ),
        calibration_md=str(LAYOUT.report() / "calibration.md"),
        parity=report(
            expand(str(LAYOUT.report() / "parity-{dataset}.png"), dataset=DATASETS),
            caption="../report/parity.rst",
            category="Parity plots",
        ),
        errors=report(
            expand(str(LAYOUT.report() / "errors-{dataset}.png"), dataset=DATASETS),
            caption="../report/errors.rst",
            category="Error histograms",
        ),
        index=str(LAYOUT.report() / "index.html"),
    log:
        str(LOGS / "report" / "report.log"),
    benchmark:
        str(BENCHMARKS / "report" / "report.tsv"),
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        MOLPAIR_ENV
    shell:
        "molpair report --config {CONFIGFILE} > {log} 2>&1"
