"""Once per server process: the work a class would otherwise pay for in the middle of a lesson.

Streamlit runs ``gc.collect(2)`` after every script run and fragment run (``runner.postScriptGC``), with
the GIL held: it walks every object of the process, ~250 000 of them after torch, plotly, pandas and
Streamlit are imported (0.13 s here), ~370 000 once the lab's first ``torch.optim.Adam(...)`` has imported
``torch._dynamo`` (0.19 s; the import itself holds the GIL ~1 s). With 30 visitors and two lab pages
polling every second, those collections were most of the server's GIL time, one after another.
``settle()`` does that import up front, then moves everything alive to the collector's permanent
generation (``gc.freeze()``): the modules, classes and functions of the imports are never garbage, and
a collection after a run then walks only what runs created since (caches, sessions), milliseconds.
Acyclic garbage is still freed by reference counting, frozen or not.
"""

from __future__ import annotations

import gc
import threading

_LOCK = threading.Lock()
_SETTLED = False


def settle() -> None:
    """Import what a first lab training would import, collect once, freeze what is alive (once per process)."""
    global _SETTLED
    with _LOCK:
        if _SETTLED:
            return
        import torch._dynamo  # noqa: F401  (imported by the first torch.optim.Adam(...) otherwise)

        gc.collect()
        gc.freeze()
        _SETTLED = True
