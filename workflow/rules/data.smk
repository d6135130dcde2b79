checkpoint ingest:
    output:
        pairs=str(LAYOUT.pairs(DATASET_PATTERN)),
        rejects=str(LAYOUT.rejects(DATASET_PATTERN)),
        summary=str(LAYOUT.ingest_summary(DATASET_PATTERN)),
    params:
        dataset=ingest_settings,
    log:
        str(LOGS / "ingest" / "{dataset}.log"),
    benchmark:
        str(BENCHMARKS / "ingest" / "{dataset}.tsv"),
    resources:
        mem_mb=2000,
        runtime=30,
    shell:
        "molpair ingest --config {CONFIGFILE} --dataset {wildcards.dataset} > {log} 2>&1"


rule split:
    input:
        str(LAYOUT.pairs(DATASET_PATTERN)),
    output:
        str(LAYOUT.splits(DATASET_PATTERN)),
    params:
        splits=config["splits"],
    log:
        str(LOGS / "split" / "{dataset}.log"),
    benchmark:
        str(BENCHMARKS / "split" / "{dataset}.tsv"),
    resources:
        mem_mb=1000,
        runtime=10,
    shell:
        "molpair split --config {CONFIGFILE} --dataset {wildcards.dataset} > {log} 2>&1"
