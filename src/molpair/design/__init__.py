"""Inverse design: generators steered by a trained molpair model as oracle."""
