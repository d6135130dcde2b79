"""A trained run behind an HTTP JSON API and a web page (`molpair serve`, serve/app.py), and the client
that sends `molpair predict`'s pairs to it (serve/client.py)."""

MAX_BATCH = 10_000  # pairs per /predict/batch request
