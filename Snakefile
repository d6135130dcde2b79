# molpair: datasets → pairs → monomers → random complexes → QM ensembles → models → report
# (and, with `pretrain.pairs`, unlabeled pairs → their ensembles → pretrained encoders; with `design`,
# generators steered by the trained models → designs).
# Every rule calls the `molpair` command line; nothing heavy runs at parse time.

include: "workflow/rules/common.smk"
include: "workflow/rules/data.smk"
include: "workflow/rules/geometry.smk"
include: "workflow/rules/qm.smk"
include: "workflow/rules/pretrain.smk"
include: "workflow/rules/train.smk"
include: "workflow/rules/report.smk"
include: "workflow/rules/design.smk"


rule all:
    input:
        expand(str(LAYOUT.ensemble(DATASET_PATTERN)), dataset=ENSEMBLE_SETS),
        str(LAYOUT.report() / "rmse.csv"),
        DESIGN_SUMMARIES,
    default_target: True
