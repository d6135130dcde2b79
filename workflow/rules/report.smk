rule report:
    input:
        metrics=expand(
            str(LAYOUT.metrics("{dataset}", "{model}", "{fold}", "{rep}")),
            dataset=DATASETS,
            model=MODELS,
            fold=FOLDS,
            rep=REPEATS,
        ),
        ensembles=expand(str(LAYOUT.ensemble_summary("{dataset}")), dataset=DATASETS),
        ingest=expand(str(LAYOUT.ingest_summary("{dataset}")), dataset=DATASETS),
    output:
        csv=report(str(LAYOUT.report() / "rmse.csv"), caption="../report/rmse.rst", category="RMSE"),
        md=str(LAYOUT.report() / "rmse.md"),
        parity=report(
            expand(str(LAYOUT.report() / "parity-{dataset}-{model}.png"), dataset=DATASETS, model=MODELS),
            caption="../report/parity.rst",
            category="Parity plots",
        ),
    log:
        str(LOGS / "report" / "report.log"),
    benchmark:
        str(BENCHMARKS / "report" / "report.tsv"),
    resources:
        mem_mb=1000,
        runtime=10,
    shell:
        "molpair report --config {CONFIGFILE} > {log} 2>&1"
