"""The tutorials' idioms on output and h_n hold on the numbers, over combinations of options."""

from __future__ import annotations

import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnviz import RNNSpec, unroll
from rnnviz.i18n import CATALOGUE
from rnnviz.idioms import tutorial_idioms


def trace_of(**kw):
    rnn, x, h0 = RNNSpec(**kw).build()
    return unroll(rnn, x, h0)


@settings(max_examples=25, deadline=None)
@given(
    batch_first=st.booleans(),
    bidirectional=st.booleans(),
    num_layers=st.integers(1, 3),
    seq_len=st.integers(1, 5),
    batch_size=st.integers(1, 3),
    h0_kind=st.sampled_from(["zeros", "random"]),
)
def test_every_idiom_holds_and_is_written_for_the_layout(**kw):
    trace = trace_of(**kw)
    idioms = tutorial_idioms(trace)
    assert [i.ok for i in idioms] == [True, True, True], [(i.code, i.max_abs_diff) for i in idioms]
    L, N = kw["seq_len"], kw["batch_size"]
    D = 2 if kw["bidirectional"] else 1
    view = idioms[1].code.split("  #")[0]
    assert view == (f"output.view({N}, {L}, {D}, 3)" if kw["batch_first"] else f"output.view({L}, {N}, {D}, 3)")
    value = eval(view, {"output": trace.output})  # noqa: S307 -- the code we show runs on torch's output
    assert value.shape[-2:] == (D, 3)
    for i in idioms:
        assert i.key in CATALOGUE["en"] and i.key in CATALOGUE["zh"]


def test_the_classifier_input_is_not_output_last_for_a_bidirectional_rnn():
    """What the idiom's text says: output[-1]'s reverse half has only seen the last step."""
    trace = trace_of(bidirectional=True, num_layers=1, seq_len=5)
    H = trace.hidden_size
    cat = torch.cat([trace.h_n[-2], trace.h_n[-1]], dim=1)
    assert not torch.allclose(cat, trace.output[-1])
    torch.testing.assert_close(cat[:, :H], trace.output[-1, :, :H])


def test_a_wrong_view_order_would_be_caught():
    trace = trace_of(bidirectional=True, num_layers=2)
    wrong = trace.h_n.view(2, 2, trace.batch_size, 3).transpose(0, 1)  # (directions, layers): a mistake
    right = trace.h_n.view(2, 2, trace.batch_size, 3)
    assert not torch.allclose(wrong, right)
