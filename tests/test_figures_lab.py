"""The lab's figures on the go.Figure: what each label and cell claims is what the data say."""

from __future__ import annotations

import math

import pytest

from rnnviz.figures.lab import MAX_COLS, MAX_ROWS, grad_norm_curve, loss_curves, minibatch_picture
from rnnviz.i18n import text
from rnnviz.lab.data import Vocab, data_iter_consecutive
from rnnviz.lab.train import Curves

TEXT = "".join(chr(ord("a") + i % 26) for i in range(400))
STEPS = [1, 2, 3, 4]
CURVES = (Curves("rnn", STEPS, [4.0, 3.5, 3.0, 2.5], [2.0, 0.5, 1.5, 0.3], [0, 2, 4], [4.1, 3.4, 2.9]),
          Curves("gru", STEPS, [4.0, 3.0, 2.0, 1.0], [0.9, 0.8, 0.7, 0.6], [0, 2, 4], [4.1, 3.0, 1.5]))  # fmt: skip


def _cells(fig, row: int) -> list[str]:
    return [c for c in fig.data[0].text[row]]


@pytest.mark.parametrize("index", [0, 1, 5])
def test_consecutive_picture_shows_the_minibatch_the_iterator_yields(index):
    vocab = Vocab.from_text(TEXT)
    X, _ = list(data_iter_consecutive(vocab.encode(TEXT), 4, 7))[index]
    fig = minibatch_picture(TEXT, 4, 7, "consecutive", index)
    assert len(fig.data[0].z) == 4
    for b in range(4):
        current = _cells(fig, b)[8:15]  # previous window (7) + gap, then the current window
        assert "".join(current) == vocab.decode(X[b].tolist())
    assert set(fig.data[0].z[0][8:15]) == {2}  # highlighted as the current window
    title = fig.layout.title.text
    assert f"Minibatch {index}" in title and "4 of 4 rows" in title and "num_steps = 7" in title
    borders = [a.text for a in fig.layout.annotations if "h" in a.text and ("detach" in a.text or "= 0" in a.text)]
    assert borders == (["h = 0 (start)", "h → h.detach()"] if index == 0 else ["h → h.detach()"] * 2)


def test_random_picture_says_the_state_is_reset_and_caps_rows_and_columns():
    fig = minibatch_picture(TEXT * 10, 32, 40, "random", 0, lang="zh")
    assert len(fig.data[0].z) == MAX_ROWS
    assert len(fig.data[0].z[0]) == 3 * MAX_COLS + 2
    assert text("zh", "lab.fig.batch_cut", cols=MAX_COLS) in fig.layout.title.text
    notes = [a.text for a in fig.layout.annotations]
    assert text("zh", "lab.fig.border_reset") in notes


def test_user_text_is_never_markup_in_the_picture():
    hostile = ("<b>bold</b> <a href='x'>link</a> " * 20)[:400]
    fig = minibatch_picture(hostile, 2, 10, "consecutive", 0)
    cells = [c for row in fig.data[0].text for c in row]
    assert "<" not in "".join(cells) and "&lt;" in cells
    assert "␣" in cells  # spaces drawn visibly


def test_loss_curves_left_nats_right_bits_log_steps():
    fig = loss_curves(CURVES)
    lo, hi = fig.layout.yaxis.range
    lo2, hi2 = fig.layout.yaxis2.range
    assert lo == lo2 == 0 and hi2 == pytest.approx(hi / math.log(2))  # the same curve in bits per character
    assert fig.layout.xaxis.type == "log"
    names = [d.name for d in fig.data if d.name]
    assert names == ["RNN training", "RNN validation", "GRU training", "GRU validation"]
    val = fig.data[1]
    assert list(val.x) == [2, 4] and list(val.y) == [3.4, 2.9]  # step 0 cannot sit on a log axis


def test_grad_norm_curve_draws_the_clip_level():
    fig = grad_norm_curve(CURVES, 1.0, lang="en")
    line = fig.layout.shapes[0]
    assert line.y0 == line.y1 == 1.0
    assert fig.layout.yaxis.type == "log" and fig.layout.xaxis.type != "log"
    assert fig.layout.xaxis.title.text == text("en", "lab.fig.step_linear")
    assert list(fig.data[0].y) == [2.0, 0.5, 1.5, 0.3]


def test_random_picture_rows_are_the_iterators_windows():
    import random

    from rnnviz.lab.data import data_iter_random

    vocab = Vocab.from_text(TEXT)
    X, _ = list(data_iter_random(vocab.encode(TEXT), 4, 6, random.Random(7)))[2]
    fig = minibatch_picture(TEXT, 4, 6, "random", 2, seed=7)
    for b in range(4):
        assert "".join(_cells(fig, b)[7:13]) == vocab.decode(X[b].tolist())
