rule train:
    input:
        pairs=str(LAYOUT.pairs(DATASET_PATTERN)),
        splits=str(LAYOUT.splits(DATASET_PATTERN)),
        graphs=str(LAYOUT.graphs(DATASET_PATTERN)),
        # The fingerprint model reads fixed features instead of graphs.
        fingerprints=lambda wc: [str(LAYOUT.fingerprints(wc.dataset))] if wc.model == "lightgbm" else [],
        # Only PRL and the ablations that keep an ensemble term read the QM results.
        ensemble=lambda wc: ensemble_inputs(wc.dataset) if wc.model in ENSEMBLE_MODELS else [],
        pretrained=lambda wc: pretrained_inputs(wc.model),
    wildcard_constraints:
        dataset="|".join(DATASETS),
    output:
        metrics=str(LAYOUT.run(DATASET_PATTERN, "{model}", "{fold}", "{rep}") / "metrics.json"),
        predictions=str(LAYOUT.run(DATASET_PATTERN, "{model}", "{fold}", "{rep}") / "predictions.parquet"),
    params:
        model=lambda wc: model_settings(config, wc.dataset, wc.model),
        train=lambda wc: train_settings(config, wc.dataset),
    threads: 1
    log:
        str(LOGS / "train" / "{dataset}" / "{model}-fold{fold}-rep{rep}.log"),
    benchmark:
        str(BENCHMARKS / "train" / "{dataset}" / "{model}-fold{fold}-rep{rep}.tsv"),
    resources:
        mem_mb=4000,
        runtime=240,
    conda:
        MOLPAIR_ENV
    shell:
        "molpair train --config {CONFIGFILE} --dataset {wildcards.dataset} --model {wildcards.model}"
        " --fold {wildcards.fold} --repeat {wildcards.rep} --threads {threads} > {log} 2>&1"
