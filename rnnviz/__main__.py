"""``python -m rnnviz export --out DIR ...``, ``train ...``, ``sample ...``: see rnnviz.cli and rnnviz.lab.cli."""

import sys

from rnnviz.cli import main

if __name__ == "__main__":
    sys.exit(main())
