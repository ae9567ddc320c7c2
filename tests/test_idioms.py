"""The tutorials' idioms on output and h_n hold on the numbers, over combinations of options."""

from __future__ import annotations

import re

import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnviz import RNNSpec, unroll
from rnnviz.i18n import CATALOGUE, text
from rnnviz.idioms import packing_idioms, tutorial_idioms


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


@settings(max_examples=25, deadline=None)
@given(
    batch_first=st.booleans(),
    bidirectional=st.booleans(),
    num_layers=st.integers(1, 2),
    seq_len=st.integers(2, 5),
    data=st.data(),
)
def test_packing_idioms_hold_and_their_code_runs_on_torch(batch_first, bidirectional, num_layers, seq_len, data):
    """With lengths: output[-1] is padding for a short sequence, h_n is output at lengths - 1, the reverse
    half at t = 0, and the call without packing gives another h_n; each line's code evaluates on torch's
    own packed output (pad_packed_sequence) to the claimed numbers."""
    from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

    lengths = tuple(data.draw(st.lists(st.integers(1, seq_len), min_size=2, max_size=2)))
    spec = RNNSpec(batch_first=batch_first, bidirectional=bidirectional, num_layers=num_layers, seq_len=seq_len,
                   batch_size=2, lengths=lengths)  # fmt: skip
    rnn, x, h0 = spec.build()
    packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=batch_first, enforce_sorted=False)
    with torch.no_grad():
        out_p, h_n = rnn(packed, h0)
        unpacked = unroll(rnn, x, h0)
    output, _ = pad_packed_sequence(out_p, batch_first=batch_first, total_length=seq_len)
    idioms = packing_idioms(unroll(rnn, x, h0, lengths=lengths), unpacked)
    assert all(i.ok for i in idioms), [(i.code, i.max_abs_diff) for i in idioms]
    short = any(n < seq_len for n in lengths)
    if not short:  # every sequence has seq_len steps: no padding, the trace has no lengths, nothing to say
        assert idioms == []
        return
    keys = [i.key for i in idioms]
    assert ("diag.pack.last_is_padding" in keys) == short and ("diag.pack.unpacked" in keys) == short
    assert ("diag.pack.reverse" in keys) == bidirectional
    ns = {"output": output, "h_n": h_n, "lengths": torch.tensor(lengths), "N": 2, "torch": torch}
    for i in idioms:
        claim = i.code.split("  #")[0]
        if "rnn(" in claim:
            continue
        lhs, op, rhs = re.split(r" (==|!=) ", claim) if ("==" in claim or "!=" in claim) else (claim, "zero", None)
        left = eval(lhs, ns)  # noqa: S307 -- the code we show, on torch's numbers
        if op == "zero":
            assert torch.equal(left, torch.zeros_like(left))
        else:
            assert torch.equal(left, eval(rhs, ns)) == (op == "=="), i.code  # noqa: S307
        assert i.key in CATALOGUE["en"] and i.key in CATALOGUE["zh"]
        assert text("zh", i.key, **dict(i.kw)) and text("en", i.key, **dict(i.kw))


def test_no_packing_idioms_without_lengths():
    assert packing_idioms(trace_of()) == []
