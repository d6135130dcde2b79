"""`python -m molpair`: the `molpair` command, e.g. from a checkout on PYTHONPATH."""

import sys

from molpair.cli import main

sys.exit(main())
