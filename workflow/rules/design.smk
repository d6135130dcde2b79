rule design:
    input:
        oracle=[str(run / "metrics.json") for run in DESIGN_RUNS],
        pairs=lambda wc: str(LAYOUT.pairs(config["design"]["dataset"])),
        trained_start=[str(DESIGN_START[1])] if DESIGN_START else [],
    output:
        designs=str(LAYOUT.design("{target}", "{method}", "{seed}") / "designs.csv"),
        summary=str(LAYOUT.design("{target}", "{method}", "{seed}") / "summary.json"),
        page=str(LAYOUT.design("{target}", "{method}", "{seed}") / "design.html"),
    params:
        design=config["design"],
    wildcard_constraints:
        target="|".join(config["design"]["targets"]) or "(?!)",
        seed=r"\d+",
    threads: 1
    log:
        str(LOGS / "design" / "{target}-{method}-seed{seed}.log"),
    benchmark:
        str(BENCHMARKS / "design" / "{target}-{method}-seed{seed}.tsv"),
    resources:
        mem_mb=4000,
        runtime=240,
    conda:
        MOLPAIR_ENV
    shell:
        "molpair design --config {CONFIGFILE} --target {wildcards.target} --seed {wildcards.seed}"
        " --threads {threads} > {log} 2>&1"


rule design_prior:
    input:
        pairs=lambda wc: str(LAYOUT.pairs(config["design"]["dataset"])),
    output:
        str(LAYOUT.design_prior()),
    params:
        prior=config["design"]["prior"],
    threads: 1
    log:
        str(LOGS / "design" / "prior.log"),
    benchmark:
        str(BENCHMARKS / "design" / "prior.tsv"),
    resources:
        mem_mb=4000,
        runtime=600,
    conda:
        MOLPAIR_ENV
    shell:
        "molpair design-prior --config {CONFIGFILE} --threads {threads} > {log} 2>&1"


rule design_cvae:
    input:
        pairs=lambda wc: str(LAYOUT.pairs(config["design"]["dataset"])),
    output:
        str(LAYOUT.design_cvae()),
    params:
        # its training settings only: the search's own (population, ...) do not retrain it
        cvae={key: value for key, value in config["design"]["cvae"].items()
              if key not in ("model", "population", "elites", "min_sigma", "max_steps")},
    threads: 1
    log:
        str(LOGS / "design" / "cvae.log"),
    benchmark:
        str(BENCHMARKS / "design" / "cvae.tsv"),
    resources:
        mem_mb=4000,
        runtime=600,
    conda:
        MOLPAIR_ENV
    shell:
        "molpair design-cvae --config {CONFIGFILE} --threads {threads} > {log} 2>&1"
