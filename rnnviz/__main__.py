"""``python -m rnnviz export --out DIR ...``: see rnnviz.cli."""

import sys

from rnnviz.cli import main

if __name__ == "__main__":
    sys.exit(main())
