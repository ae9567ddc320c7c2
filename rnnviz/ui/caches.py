"""Every cache of the app, bounded in one place: how many entries each keeps and for how long.

What is the same for every visitor of a configuration (the run, its figures) is computed once per
process and shared by all sessions (st.cache_resource: never mutate a cached value). Each cache holds
at most ``max_entries`` values and drops a value unused for ``TTL_SECONDS``, so a hosted demo's memory
stops growing however many configurations its visitors try (benchmarks/bench_load.py --soak measures it).
"""

from __future__ import annotations

import dataclasses

import streamlit as st

from rnnviz.spec import RNNSpec

TTL_SECONDS = 20 * 60  # a lesson's configuration stays warm between its slides; an abandoned one goes
MAX_ENTRIES = {  # per cache: one entry per (configuration, view); sizes measured by bench_load --soak
    "run": 16,  # module, input, trace, parity: the biggest allowed trace is ~3 MB
    "cell_loop": 8,
    "heatmaps": 32,  # per (spec, batch, t, lang, lesson); the step-free figure is shared by every t
    "outputs": 32,
    "equation": 64,  # the equation and the one-matmul view, per step
    "equations": 32,  # both, stacked as one chart
    "unrolled": 32,
    "concat": 32,
    "gradients": 12,
    "jacobians": 12,
    "gradient_figures": 32,
    "gate_figures": 32,  # the gated step view's four figures, per (spec, layer, direction, t, batch, ...)
    "gate_weights": 16,  # its weight_ih / weight_hh figures, per (spec, layer, direction, lang, lesson): no t
    "gate_parts": 32,  # its small figures (a panel per gate, the step in parts), per (spec, layer, direction, t, ...)
    "kind_norms": 12,  # ||dL/dh_t|| of nn.RNN, nn.GRU and nn.LSTM of one configuration
    "kind_figures": 32,  # the gradients page's RNN/GRU/LSTM plot and the LSTM's dL/dc_t plot, per view
    "compare_norms": 16,  # /compare: ||dL/dh_t|| of one side
    "lab_corpus": 4,  # the built-in corpora of the lab, per (name, cap)
}
SINGLETONS = ("lab_registry",)  # one object per server (per cap), never expired: the lab's running trainings
_HASH = {RNNSpec: dataclasses.astuple}


def shared(name: str):
    """``@shared("run")``: st.cache_resource bounded by MAX_ENTRIES[name] and TTL_SECONDS."""
    return st.cache_resource(max_entries=MAX_ENTRIES[name], ttl=TTL_SECONDS, show_spinner=False, hash_funcs=_HASH)


def singleton(name: str):
    """``@singleton("lab_registry")``: one value per argument tuple for the whole server, never dropped by a
    ttl (it holds live state, e.g. the trainings running now); at most 2 entries (the caps may change)."""
    if name not in SINGLETONS:
        raise ValueError(f"unknown singleton {name!r}; declare it in SINGLETONS")
    return st.cache_resource(max_entries=2, show_spinner=False)
