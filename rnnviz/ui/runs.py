"""Cached computations per RNNSpec: the module, input, h0, trace, parity with nn.RNN and the RNNCell loop."""

from __future__ import annotations

from rnnviz.cells import CellLoop, rnncell_loop
from rnnviz.run import Run, build_run, forward
from rnnviz.spec import RNNSpec
from rnnviz.ui import caches

__all__ = ["Run", "forward", "get_cell_loop", "get_run"]  # forward: pages run a module under the spec's seed


@caches.shared("run")
def get_run(spec: RNNSpec) -> Run:
    """Build, unroll and check ``spec`` once per process (rnnviz.run.build_run)."""
    return build_run(spec)


@caches.shared("cell_loop")
def get_cell_loop(spec: RNNSpec) -> CellLoop:
    """The tutorials' nn.RNNCell loop with the same weights, compared with nn.RNN in eval mode."""
    run = get_run(spec)
    rnn, _, _ = spec.build()  # a private copy: eval() must not touch the shared module
    rnn.eval()
    return rnncell_loop(rnn, run.x, run.h0)
