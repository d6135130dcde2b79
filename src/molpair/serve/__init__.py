"""A trained run behind an HTTP JSON API and a web page (`molpair serve`); see serve/app.py."""
