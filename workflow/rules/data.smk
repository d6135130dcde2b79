checkpoint ingest:
    output:
        pairs=str(LAYOUT.pairs(DATASET_PATTERN)),
        rejects=str(LAYOUT.rejects(DATASET_PATTERN)),
        summary=str(LAYOUT.ingest_summary(DATASET_PATTERN)),
    params:
        dataset=ingest_settings,
    wildcard_constraints:
        dataset="|".join(DATASETS),
    log:
        str(LOGS / "ingest" / "{dataset}.log"),
    benchmark:
        str(BENCHMARKS / "ingest" / "{dataset}.tsv"),
    resources:
        mem_mb=2000,
        runtime=30,
    conda:
        MOLPAIR_ENV
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
    conda:
        MOLPAIR_ENV
    shell:
        "molpair split --config {CONFIGFILE} --dataset {wildcards.dataset} > {log} 2>&1"


rule featurize:
    input:
        str(LAYOUT.pairs(DATASET_PATTERN)),
    output:
        str(LAYOUT.graphs(DATASET_PATTERN)),
    log:
        str(LOGS / "featurize" / "{dataset}.log"),
    benchmark:
        str(BENCHMARKS / "featurize" / "{dataset}.tsv"),
    resources:
        mem_mb=4000,
        runtime=30,
    conda:
        MOLPAIR_ENV
    shell:
        "molpair featurize --config {CONFIGFILE} --dataset {wildcards.dataset} > {log} 2>&1"


rule fingerprints:
    input:
        str(LAYOUT.pairs(DATASET_PATTERN)),
    output:
        str(LAYOUT.fingerprints(DATASET_PATTERN)),
    params:
        # The electronic block where a lightgbm run reads it: turning it on, or a molpair that computes
        # another block, reruns this rule, and so the lightgbm runs.
        electronic=lambda wc: ELECTRONIC_FEATURES if reads_electronic_block(config, wc.dataset) else (),
    threads: 64  # capped at --cores locally; set per cluster in the profile
    log:
        str(LOGS / "fingerprints" / "{dataset}.log"),
    benchmark:
        str(BENCHMARKS / "fingerprints" / "{dataset}.tsv"),
    resources:
        mem_mb=4000,
        runtime=30,
    conda:
        MOLPAIR_ENV
    shell:
        "molpair fingerprints --config {CONFIGFILE} --dataset {wildcards.dataset} --workers {threads} > {log} 2>&1"


# The unlabeled pairs the pretrain stage learns from (see molpair.data.pretrain).
checkpoint pretrain_pairs:
    input:
        expand(str(LAYOUT.pairs("{dataset}")), dataset=DATASETS),
    output:
        pairs=str(LAYOUT.pairs(PRETRAIN_SET)),
        summary=str(LAYOUT.pretrain_summary()),
    params:
        pretrain={key: config["pretrain"][key] for key in ("pairs", "solutes_from", "solvents_from", "max_heavy_atoms", "seed")},
    log:
        str(LOGS / "pretrain_pairs.log"),
    benchmark:
        str(BENCHMARKS / "pretrain_pairs.tsv"),
    resources:
        mem_mb=2000,
        runtime=30,
    conda:
        MOLPAIR_ENV
    shell:
        "molpair pretrain-pairs --config {CONFIGFILE} > {log} 2>&1"
