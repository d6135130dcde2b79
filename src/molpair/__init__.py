"""molpair: solute-solvent pair properties from ensembles of cheap semi-empirical calculations."""

__version__ = "0.1.0"
