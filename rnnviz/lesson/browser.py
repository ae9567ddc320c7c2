"""Whether PNG/SVG export can run here: kaleido needs a Chromium on the server (packages.txt on the host)."""

from __future__ import annotations

import functools
import os


@functools.lru_cache(maxsize=1)
def image_browser() -> str | None:
    """The path of the Chromium kaleido would use (``BROWSER_PATH``, else the PATH and usual places), or None."""
    try:
        from choreographer.browsers.chromium import Chromium  # kaleido's browser finder

        found = Chromium.find_browser(skip_local=False)
    except Exception:  # kaleido / choreographer missing or changed: no images, say so
        found = None
    return found if found and os.access(found, os.X_OK) else None
