"""The QM factory: engines, monomers, random complexes (samples), shards and ensembles."""
