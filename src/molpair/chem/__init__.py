"""Chemistry helpers: SMILES canonicalization, identities, 3D geometry."""
