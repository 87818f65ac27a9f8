"""`python -m clairvoyant` runs the command-line interface."""

import sys

from clairvoyant.cli.main import main

sys.exit(main())
