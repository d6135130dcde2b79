rule monomers:
    input:
        str(LAYOUT.pairs(DATASET_PATTERN)),
    output:
        str(LAYOUT.monomers(DATASET_PATTERN)),
    params:
        qm=QM_SETTINGS,
        seed=config["geometry"]["seed"],
        ensemble_pairs=ensemble_pairs,
        time_limit_s=config["qm"]["time_limit_s"],
    threads: 64  # capped at --cores locally; set per cluster in the profile
    priority: MONOMERS_PRIORITY
    log:
        str(LOGS / "monomers" / "{dataset}.log"),
    benchmark:
        str(BENCHMARKS / "monomers" / "{dataset}.tsv"),
    resources:
        mem_mb=4000,
        runtime=240,
    conda:
        MOLPAIR_ENV
    shell:
        "molpair monomers --config {CONFIGFILE} --dataset {wildcards.dataset} --workers {threads} > {log} 2>&1"


rule sample:
    input:
        str(LAYOUT.pairs(DATASET_PATTERN)),
    output:
        str(LAYOUT.samples(DATASET_PATTERN, SHARD_PATTERN)),
    params:
        geometry=config["geometry"],
        prerelax=config["qm"]["prerelax"],
        # Shards are balanced by expected cost; a new layout reruns every sample job (the sample cache
        # keeps the QM results), so one run never mixes shard files of two layouts.
        shard_layout="cost-balanced",
        samples_per_shard=config["qm"]["samples_per_shard"],
        ensemble_pairs=ensemble_pairs,
    priority: FACTORY_PRIORITY
    log:
        str(LOGS / "sample" / "{dataset}" / "shard-{shard}.log"),
    benchmark:
        str(BENCHMARKS / "sample" / "{dataset}" / "shard-{shard}.tsv"),
    resources:
        mem_mb=1000,
        runtime=30,
    conda:
        MOLPAIR_ENV
    shell:
        "molpair sample --config {CONFIGFILE} --dataset {wildcards.dataset} --shard {wildcards.shard} > {log} 2>&1"
