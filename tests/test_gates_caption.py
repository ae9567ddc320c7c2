"""Lesson captions of a gated step view: every number they quote is the trace's, and the update they write out
holds for those numbers, in both languages and both directions."""

from __future__ import annotations

import re

import pytest

from rnnviz.figures.gates import gate_means
from rnnviz.lesson.caption import gated_caption
from rnnviz.spec import RNNSpec
from rnnviz.unroll import unroll
from tests.apptest import open_app

NUM = r"(-?\d+\.\d+)"


def trace_of(**kw):
    rnn, x, h0 = RNNSpec(**kw).build()
    return unroll(rnn, x, h0)


@pytest.fixture(scope="module", params=["gru", "lstm"])
def trace(request):
    return trace_of(cell=request.param, bidirectional=True, num_layers=2, seq_len=5, batch_size=2, seed=3)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("layer", "direction", "t", "batch"), [(0, 0, 0, 0), (1, 1, 3, 1), (0, 1, 4, 0)])
def test_the_caption_quotes_the_traces_numbers(trace, lang, layer, direction, t, batch):
    line = gated_caption(trace, layer, direction, t, batch, lang)
    s = trace.step(layer, direction, t)
    means = gate_means(trace, layer, direction, t, batch)
    names = {"r": "r", "z": "z", "n": "n", "i": "i", "f": "f", "g": "g", "o": "o"}
    for g in trace.kind.gate_names:  # each gate's mean, as the first "g = 0.12" after the gate names
        quoted = re.search(rf"\b{names[g]} = {NUM}", line)
        assert quoted and float(quoted.group(1)) == pytest.approx(means[g], abs=0.005), (g, line)
    assert f"t = {t}" in line and f"n = {batch}" in line and trace.kind.constructor() in line
    prev = "t-1" if direction == 0 else "t+1"
    assert f"_({prev})" in line and f"_({'t+1' if direction == 0 else 't-1'})" not in line
    unit = re.search(r"(?:unit|单元) (\d+)(?: 中)?[:：](.*)", line)
    j, numbers = int(unit.group(1)), [float(x) for x in re.findall(NUM, unit.group(2))]
    pick = lambda v: float(v[batch, j])  # noqa: E731
    if trace.kind.has_cell_state:
        c, f, c_prev, i, g = numbers[:5]
        want = (pick(s.c_t), pick(s.gates["f"]), pick(s.c_prev), pick(s.gates["i"]), pick(s.gates["g"]))
        assert (c, f, c_prev, i, g) == pytest.approx(want, abs=5e-4)
        assert c == pytest.approx(f * c_prev + i * g, abs=2e-3)  # the update holds for the quoted numbers
        assert abs(pick(s.c_t)) == pytest.approx(float(s.c_t[batch].abs().max()))  # the largest |c_t|
    else:
        h, z, n, z2, h_prev = numbers[:5]
        want = (pick(s.h_t), pick(s.gates["z"]), pick(s.gates["n"]), pick(s.gates["z"]), pick(s.h_prev))
        assert (h, z, n, z2, h_prev) == pytest.approx(want, abs=5e-4)
        assert h == pytest.approx((1 - z) * n + z * h_prev, abs=2e-3)


@pytest.mark.parametrize("figure", ["gates", "step"])
def test_the_caption_says_what_the_figure_shows(trace, figure):
    en, zh = (gated_caption(trace, 0, 0, 1, 0, lang, figure) for lang in ("en", "zh"))
    assert ("over time" in en) == (figure == "gates") and ("term" in en) == (figure == "step")
    assert en != zh and "本图" in zh


def test_lesson_mode_shows_the_gated_captions():
    at = open_app(cell="lstm", lesson="true", t="1")
    captions = [c.value.replace("\\", "") for c in at.caption]  # shown literally: Markdown escaped
    assert sum("c_t = f ⊙ c_(t-1) + i ⊙ g" in c for c in captions) == 2  # under both slides
