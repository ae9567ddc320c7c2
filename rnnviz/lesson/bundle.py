"""The classroom bundle: every figure of every page (dashboard, diagrams, gradients), slide-numbered, each
file name with its step: ``01_hidden_states_t1``, ..., ``14_gradient_norms_t1``."""

from __future__ import annotations

import io
import math
import tempfile
import zipfile
from functools import partial
from pathlib import Path

from rnnviz.bptt import Gradients, bptt, scaled_copy
from rnnviz.figures import equation, gradients
from rnnviz.i18n import text
from rnnviz.lesson.export import DIRECTIONS
from rnnviz.lesson.figures import Job, lesson_jobs
from rnnviz.lesson.write import write_lesson
from rnnviz.run import forward
from rnnviz.sources.sourced import tokens_of
from rnnviz.spec import RNNSpec
from rnnviz.trace import Trace

BUNDLE_SIZE = (1920, 1080)  # px: a full-HD slide
JACOBIAN_BUDGET = 2_000_000  # as the gradients page: take ||dh_T/dh_t|| every k steps past it


def bundle_gradients(spec: RNNSpec, scale: float = 1.0) -> Gradients:
    """The gradients page's bptt for ``spec`` with every W_hh scaled by ``scale`` (same seed, same masks;
    with lengths, the packed run's gradients)."""
    rnn, x, hx = spec.build()
    return forward(spec, scaled_copy(rnn, scale), x, hx, partial(bptt, lengths=spec.lengths))


def bundle_jobs(spec: RNNSpec, trace: Trace, lang: str, t: int, batch: int = 0, scale: float = 1.0) -> list[Job]:
    """The lesson export's figures, the one-matmul view of every layer and direction, and the gradients
    page's three figures, numbered in slide order with ``_t{t}`` in every name."""
    tr = lambda key, **kw: text(lang, key, **kw)  # noqa: E731
    pairs = [(layer, d) for layer in range(trace.num_layers) for d in range(trace.num_directions)]
    jobs = lesson_jobs(trace, lang, batch, tokens_of(spec))
    jobs += [Job(f"matmul_l{layer}_{DIRECTIONS[d]}",
                 tr("lesson.figure.matmul", layer=layer, direction=tr(f"lesson.direction.{d}")),
                 _matmul(trace, layer, d, batch, lang)) for layer, d in pairs]  # fmt: skip
    g = bundle_gradients(spec, scale)
    cost = spec.seq_len * spec.num_layers * spec.num_directions * spec.hidden_size**3
    every = max(1, math.ceil(cost / JACOBIAN_BUDGET))
    jobs += [
        Job("gradient_heatmaps", tr("lesson.figure.gradient_heatmaps"),
            lambda s: gradients.gradient_heatmaps(g, batch, s, "abs", lang, lesson=True)),
        Job("gradient_norms", tr("lesson.figure.gradient_norms"),
            lambda s: gradients.gradient_norm_curve(g, batch, s, lang, lesson=True)),
        Job("jacobian_norms", tr("lesson.figure.jacobian_norms"),
            lambda s: gradients.jacobian_norm_curve(g, batch, s, lang, lesson=True, every=every)),
    ]  # fmt: skip
    return [Job(f"{i:02d}_{job.name}_t{t}", job.title, job.build) for i, job in enumerate(jobs, 1)]


def _matmul(trace: Trace, layer: int, d: int, batch: int, lang: str):
    return lambda s: equation.matmul_figure(trace, layer, d, s, batch, lang, lesson=True)


def bundle_zip(spec: RNNSpec, trace: Trace, lang: str, t: int, batch: int = 0, images: bool = True) -> bytes:
    """The classroom bundle as one zip, written by the same code as ``python -m rnnviz export --bundle
    --formats png`` (every page's figures at BUNDLE_SIZE, numbered, the step in each name, index.html,
    the data). ``images=False`` (no browser for kaleido here): index.html, its figures interactive, and the data."""
    jobs = bundle_jobs(spec, trace, lang, t, batch)
    with tempfile.TemporaryDirectory(prefix="rnnviz_bundle_") as tmp:
        out = Path(tmp)
        formats = ("png",) if images else ()
        write_lesson(out, jobs, trace, spec, t, lang, formats, BUNDLE_SIZE, progress=lambda _: None)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(p for p in out.rglob("*") if p.is_file()):
                archive.write(path, path.relative_to(out).as_posix())
        return buffer.getvalue()
