rule qm:
    input:
        samples=str(LAYOUT.samples(DATASET_PATTERN, SHARD_PATTERN)),
        monomers=str(LAYOUT.monomers(DATASET_PATTERN)),
    output:
        str(LAYOUT.ensemble_shard(DATASET_PATTERN, SHARD_PATTERN)),
    params:
        qm=QM_SETTINGS,
        # A longer limit reruns the shards; the sample cache makes them compute only their timeouts.
        time_limit_s=config["qm"]["time_limit_s"],
    threads: config["qm"]["threads"]
    priority: FACTORY_PRIORITY
    log:
        str(LOGS / "qm" / "{dataset}" / "shard-{shard}.log"),
    benchmark:
        str(BENCHMARKS / "qm" / "{dataset}" / "shard-{shard}.tsv"),
    resources:
        mem_mb=2000,
        runtime=240,
    conda:
        MOLPAIR_ENV
    shell:
        "molpair qm run --config {CONFIGFILE} --dataset {wildcards.dataset} --shard {wildcards.shard} > {log} 2>&1"


rule collect:
    input:
        lambda wc: [str(LAYOUT.ensemble_shard(wc.dataset, i)) for i in shards(wc)],
    output:
        ensemble=str(LAYOUT.ensemble(DATASET_PATTERN)),
        summary=str(LAYOUT.ensemble_summary(DATASET_PATTERN)),
    priority: FACTORY_PRIORITY
    log:
        str(LOGS / "collect" / "{dataset}.log"),
    benchmark:
        str(BENCHMARKS / "collect" / "{dataset}.tsv"),
    resources:
        mem_mb=4000,
        runtime=30,
    conda:
        MOLPAIR_ENV
    shell:
        "molpair collect --config {CONFIGFILE} --dataset {wildcards.dataset} > {log} 2>&1"
