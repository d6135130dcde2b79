# Pretraining on the unlabeled pairs' ensembles: one job per pretrained model, its weights the
# starting point of that model's every fold and repeat.
rule pretrain:
    input:
        pairs=str(LAYOUT.pairs(PRETRAIN_SET)),
        ensemble=str(LAYOUT.ensemble(PRETRAIN_SET)),
        monomers=str(LAYOUT.monomers(PRETRAIN_SET)),
    output:
        weights=str(LAYOUT.pretrained("{model}") / "weights.pt"),
        metrics=str(LAYOUT.pretrained("{model}") / "metrics.json"),
    params:
        model=lambda wc: config["models"][wc.model],
        pretrain=config["pretrain"],
        train={key: config["train"][key] for key in ("batch_size", "lr", "weight_decay")},
    wildcard_constraints:
        model="|".join(PRETRAINED_MODELS),
    threads: 1
    log:
        str(LOGS / "pretrain" / "{model}.log"),
    benchmark:
        str(BENCHMARKS / "pretrain" / "{model}.tsv"),
    resources:
        mem_mb=4000,
        runtime=240,
    conda:
        MOLPAIR_ENV
    shell:
        "molpair pretrain --config {CONFIGFILE} --model {wildcards.model} --threads {threads} > {log} 2>&1"
