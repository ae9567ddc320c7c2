"""Every cache of the app, bounded in one place: how many entries each keeps and for how long.

What is the same for every visitor of a configuration (the run, its figures) is computed once per
process and shared by all sessions (st.cache_resource: never mutate a cached value). Each cache holds
at most ``max_entries`` values and drops a value unused for ``TTL_SECONDS``, so a hosted demo's memory
stops growing however many configurations its visitors try (benchmarks/bench_load.py --soak measures it).
What carries a user's own weights or input (a SourcedSpec) never enters those: ``shared`` computes it in
the session's own LRU (``session``), so an upload is never seen by another session.
"""

from __future__ import annotations

import functools
from collections import OrderedDict

import streamlit as st

from rnnviz.figures.base import freeze
from rnnviz.sources.sourced import private
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
# A spec's cache key: its repr names every field's value (dataclasses.astuple deep-copies the spec on every
# cached call, ~0.5 ms each, a dozen per step).
_HASH = {RNNSpec: repr}
SESSION_ENTRIES = 48  # per session, all caches together: a user's own runs and their figures (an upload's
# run is at most the caps' ~3 MB trace; the loaded files themselves are kept by rnnviz/ui/source.py)
_SESSION = "_rnnviz_session_cache"


def shared(name: str):
    """``@shared("run")``: st.cache_resource bounded by MAX_ENTRIES[name] and TTL_SECONDS. Every go.Figure
    it returns (or a dict of them) is frozen (rnnviz.figures.base.freeze): serialised once, not per run.

    A call with a user's own weights or input (a SourcedSpec among its arguments) never reaches the shared
    cache: it is computed in that session's own LRU (``session``), so nothing of an upload is shared."""

    def decorate(fn):
        @functools.wraps(fn)
        def frozen(*args, **kwargs):
            return freeze(fn(*args, **kwargs))

        cached = st.cache_resource(
            max_entries=MAX_ENTRIES[name], ttl=TTL_SECONDS, show_spinner=False, hash_funcs=_HASH
        )(frozen)

        @functools.wraps(fn)
        def call(*args, **kwargs):
            if private(args) or private(tuple(kwargs.values())):
                return session(name, (args, tuple(sorted(kwargs.items()))), lambda: frozen(*args, **kwargs))
            return cached(*args, **kwargs)

        call.clear = cached.clear
        return call

    return decorate


def session(name: str, key: object, compute):
    """``compute()`` kept in this session's own LRU under (name, key): SESSION_ENTRIES values in all, the
    least recently used dropped first. Holds what is computed from a user's upload or input, which must
    never be shared with another session (the session's values go when the session does)."""
    lru = st.session_state.setdefault(_SESSION, OrderedDict())
    k = (name, key)
    if k in lru:
        lru.move_to_end(k)
        return lru[k]
    value = compute()
    lru[k] = value
    while len(lru) > SESSION_ENTRIES:
        lru.popitem(last=False)
    return value


def singleton(name: str):
    """``@singleton("lab_registry")``: one value per argument tuple for the whole server, never dropped by a
    ttl (it holds live state, e.g. the trainings running now); at most 2 entries (the caps may change)."""
    if name not in SINGLETONS:
        raise ValueError(f"unknown singleton {name!r}; declare it in SINGLETONS")
    return st.cache_resource(max_entries=2, show_spinner=False)
