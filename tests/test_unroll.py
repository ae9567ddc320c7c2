"""rnnviz.unroll against torch.nn.RNN: presets, variable lengths and PackedSequence, invariants, bad input."""

from __future__ import annotations

import pytest
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from rnnviz import PRESETS, unroll
from tests.models import assert_parity, layer_reference, single_layer_reference, tiny_rnn

LENGTHS = [5, 2, 7, 1]  # unsorted, one full length (L = 7), one of a single step


# --- presets: the tutorial examples ---------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(PRESETS))
def test_presets_match_torch(name: str) -> None:
    rnn, x, hx = PRESETS[name].spec.build()
    trace = unroll(rnn, x, hx)
    out, state = rnn(x, hx)
    assert_parity(trace.output, out)
    h_n, c_n = state if isinstance(state, tuple) else (state, None)
    assert_parity(trace.h_n, h_n)
    if c_n is not None:
        assert_parity(trace.c_n, c_n)
    for layer in range(rnn.num_layers):
        ref, _, ref_c_n = single_layer_reference(trace, rnn, layer)
        for d in range(trace.num_directions):
            H = trace.H_out
            assert_parity(trace.hidden(layer, d), ref[..., d * H : (d + 1) * H])
            if ref_c_n is not None:  # c_t at each direction's own last step is c_n
                assert_parity(trace.cell_state(layer, d)[-1 if d == 0 else 0], ref_c_n[d])


# --- variable lengths -----------------------------------------------------------------------------
def _packed_run(rnn, x, lengths, h0=None, enforce_sorted=False):
    """torch's answer for padded x with lengths: (padded output, h_n, packed output)."""
    packed = pack_padded_sequence(x, lengths, batch_first=rnn.batch_first, enforce_sorted=enforce_sorted)
    out, h_n = rnn(packed, h0)
    L = x.shape[1] if rnn.batch_first else x.shape[0]
    return pad_packed_sequence(out, batch_first=rnn.batch_first, total_length=L)[0], h_n, out


@pytest.mark.parametrize("as_type", [list, torch.tensor, tuple])
@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_lengths_match_a_packed_run(as_type, batch_first, dtype) -> None:
    rnn = tiny_rnn(3, 4, 2, dtype=dtype, bidirectional=True, batch_first=batch_first)
    x = torch.randn((4, 7, 3) if batch_first else (7, 4, 3), dtype=dtype)
    h0 = torch.randn(4, 4, 4, dtype=dtype)
    trace = unroll(rnn, x, h0, lengths=as_type(LENGTHS))
    out, h_n, packed = _packed_run(rnn, x, torch.tensor(LENGTHS), h0)
    assert_parity(trace.output, out)
    assert_parity(trace.h_n, h_n)
    ours = trace.packed_output()
    assert torch.equal(ours.batch_sizes, packed.batch_sizes)
    assert torch.equal(ours.sorted_indices, packed.sorted_indices)
    assert_parity(ours.data, packed.data)
    for layer in range(2):
        ref, _ = layer_reference(trace, rnn, layer, trace.h0)
        assert_parity(trace.layer_outputs[layer], ref)


@pytest.mark.parametrize("enforce_sorted", [False, True])
def test_packed_sequence_input(enforce_sorted: bool) -> None:
    rnn = tiny_rnn(3, 4, 2, bidirectional=True, nonlinearity="relu")
    lengths = sorted(LENGTHS, reverse=True) if enforce_sorted else LENGTHS
    x = torch.randn(7, 4, 3)
    packed = pack_padded_sequence(x, torch.tensor(lengths), enforce_sorted=enforce_sorted)
    h0 = torch.randn(4, 4, 4)
    out, h_n = rnn(packed, h0)
    trace = unroll(rnn, packed, h0)
    assert trace.lengths.tolist() == lengths
    assert_parity(trace.output, pad_packed_sequence(out, total_length=7)[0])
    assert_parity(trace.h_n, h_n)
    assert torch.equal(trace.packed_output().batch_sizes, out.batch_sizes)
    assert_parity(trace.packed_output().data, out.data)


def test_packed_sequence_of_full_lengths_equals_the_padded_run() -> None:
    rnn = tiny_rnn(3, 4, 2, bidirectional=True)
    x = torch.randn(5, 3, 3)
    trace = unroll(rnn, pack_padded_sequence(x, [5, 5, 5]))
    assert trace.lengths is None
    out, h_n = rnn(x)
    assert_parity(trace.output, out)
    assert_parity(trace.h_n, h_n)


def test_reverse_direction_starts_at_each_sequences_last_element() -> None:
    rnn = tiny_rnn(3, 4, 1, bidirectional=True)
    x, h0 = torch.randn(7, 4, 3), torch.randn(2, 4, 4)
    trace = unroll(rnn, x, h0, lengths=LENGTHS)
    w = trace.weights(0, 1)
    for n, length in enumerate(LENGTHS):
        t = length - 1  # the reverse direction's first step for sequence n
        first = torch.tanh(w["W_ih"] @ x[t, n] + w["b_ih"] + w["W_hh"] @ h0[1, n] + w["b_hh"])
        assert_parity(trace.hidden(0, 1)[t, n], first)
        assert_parity(trace.h_n[1, n], trace.hidden(0, 1)[0, n])  # its last state is at t = 0
        assert_parity(trace.h_n[0, n], trace.hidden(0, 0)[t, n])  # forward: at the last valid step
        assert not trace.hidden(0, 0)[length:, n].any() and not trace.hidden(0, 1)[length:, n].any()


def test_lengths_with_dropout_in_train_mode_match_torch() -> None:
    rnn = tiny_rnn(3, 4, 3, bidirectional=True, dropout=0.5).train()
    x = torch.randn(7, 4, 3)
    torch.manual_seed(11)
    trace = unroll(rnn, x, lengths=LENGTHS)
    torch.manual_seed(11)
    out, h_n, _ = _packed_run(rnn, x, torch.tensor(LENGTHS))
    assert_parity(trace.output, out)
    assert_parity(trace.h_n, h_n)
    for mask in trace.dropout_masks[:-1]:
        assert not mask[~trace.valid].any()  # no mask where there is no data


# --- invariants -----------------------------------------------------------------------------------
def test_bidirectional_last_layer_output_ends_are_h_n() -> None:
    rnn = tiny_rnn(3, 5, 2, bidirectional=True)
    trace = unroll(rnn, torch.randn(6, 2, 3))
    H = 5
    assert torch.equal(trace.output[-1, :, :H], trace.h_n[-2])
    assert torch.equal(trace.output[0, :, H:], trace.h_n[-1])
    assert torch.equal(trace.output[..., :H], trace.hidden(1, 0))
    assert torch.equal(trace.output[..., H:], trace.hidden(1, 1))


def test_batch_first_and_unbatched_layouts() -> None:
    rnn = tiny_rnn(3, 4, 2, bidirectional=True, batch_first=True)
    x = torch.randn(2, 6, 3)  # [N, L, in]
    trace = unroll(rnn, x)
    assert trace.output.shape == (2, 6, 8) and trace.hidden(0, 0).shape == (6, 2, 4)
    assert torch.equal(trace.output.transpose(0, 1), trace.layer_outputs[-1])
    single = unroll(rnn, x[0])  # 2-D: [L, in] whatever batch_first says, as torch
    out, h_n = rnn(x[0])
    assert single.output.shape == out.shape == (6, 8) and single.h_n.shape == h_n.shape == (4, 4)
    assert_parity(single.output, out)
    assert not single.batched and single.batch_size == 1


def test_dropout_in_eval_mode_is_a_no_op() -> None:
    rnn = tiny_rnn(3, 4, 3, dropout=0.9)
    x = torch.randn(5, 2, 3)
    trace = unroll(rnn, x)
    assert trace.dropout_masks == (None, None, None) and not trace.training
    assert_parity(trace.output, rnn(x)[0])


def test_train_mode_draws_the_masks_torch_draws() -> None:
    rnn = tiny_rnn(3, 4, 3, dropout=0.4, bidirectional=True).train()
    x = torch.randn(5, 2, 3)
    torch.manual_seed(5)
    trace = unroll(rnn, x)
    after_ours = torch.get_rng_state()
    torch.manual_seed(5)
    out, h_n = rnn(x)
    assert torch.equal(after_ours, torch.get_rng_state())
    assert_parity(trace.output, out.detach())
    assert_parity(trace.h_n, h_n.detach())
    assert [m is None for m in trace.dropout_masks] == [False, False, True]
    for mask in trace.dropout_masks[:2]:
        scale = torch.tensor(1 / 0.6, dtype=mask.dtype)  # what ATen multiplies by: 1/(1-p)
        assert bool(((mask == 0) | (mask == scale)).all())
        assert (mask == 0).any() and (mask == scale).any()


def test_trace_is_a_detached_snapshot() -> None:
    rnn = tiny_rnn(3, 4, 1)
    x = torch.randn(5, 2, 3, requires_grad=True)
    trace = unroll(rnn, x)
    before = trace.output.clone()
    weight = trace.params["weight_hh_l0"].clone()
    with torch.no_grad():
        x.add_(1.0)
        rnn.weight_hh_l0.mul_(2.0)
    assert torch.equal(trace.output, before) and torch.equal(trace.params["weight_hh_l0"], weight)
    assert not torch.equal(trace.layer_inputs[0], x.detach())
    assert not any(t.requires_grad for t in (trace.output, trace.h_n, trace.layer_inputs[0], trace.terms(0).pre))


def test_params_are_named_as_torch_names_them() -> None:
    rnn = tiny_rnn(3, 4, 2, bidirectional=True)
    trace = unroll(rnn, torch.randn(2, 1, 3))
    assert list(trace.params) == [name for name, _ in rnn.named_parameters()]
    for name, p in rnn.named_parameters():
        assert torch.equal(trace.params[name], p.detach())


# --- NaN / inf: allowed, reported -----------------------------------------------------------------
def test_nan_and_inf_are_allowed_and_noted() -> None:
    rnn = tiny_rnn(3, 4, 1)
    x = torch.randn(4, 2, 3)
    assert unroll(rnn, x).notes == ()
    x[1, 0, 2] = float("nan")
    x[2, 1, 0] = float("inf")
    trace = unroll(rnn, x)
    assert any("NaN or inf" in note for note in trace.notes)
    assert_parity(trace.output, rnn(x)[0])
    h0 = torch.zeros(1, 2, 4)
    h0[0, 0, 0] = float("-inf")
    assert any(note.startswith("h0") for note in unroll(rnn, torch.randn(4, 2, 3), h0).notes)


def test_nan_in_padding_past_a_length_is_not_noted() -> None:
    rnn = tiny_rnn(3, 4, 1)
    x = torch.randn(4, 2, 3)
    x[3, 1] = float("nan")  # sequence 1 has length 2: step 3 is padding
    assert unroll(rnn, x, lengths=[4, 2]).notes == ()
    assert unroll(rnn, x, lengths=[4, 4]).notes != ()


# --- bad input: ValueError saying what is wrong and what is expected ------------------------------
RNN = tiny_rnn(3, 4, 2, bidirectional=True)
X = torch.randn(5, 2, 3)


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"x": torch.randn(5, 2, 4)}, ["4 features", "input_size=3", "[seq_len, batch, input_size]"]),
        ({"x": torch.randn(5, 2, 3, 1)}, ["3-D", "got shape [5, 2, 3, 1]"]),
        ({"x": torch.randn(3)}, ["3-D", "2-D"]),
        ({"x": [[1.0, 2.0, 3.0]]}, ["torch.Tensor", "list"]),
        ({"x": torch.randn(0, 2, 3)}, ["size of zero", "seq_len=0"]),
        ({"x": torch.randn(5, 0, 3)}, ["size of zero", "batch=0"]),
        ({"x": torch.randn(5, 2, 3, dtype=torch.float64)}, ["float64", "float32", ".to("]),
        ({"x": torch.ones(5, 2, 3, dtype=torch.int64)}, ["int64", "float32"]),
        ({"h0": torch.zeros(2, 2, 4)}, ["h0 has shape [2, 2, 4]", "expected [4, 2, 4]"]),
        ({"h0": torch.zeros(4, 3, 4)}, ["[4, 3, 4]", "[4, 2, 4]", "batch"]),
        ({"h0": torch.zeros(4, 2, 4, dtype=torch.float64)}, ["h0 has dtype torch.float64", "same dtype"]),
        ({"h0": [0.0]}, ["h0 must be a torch.Tensor", "[4, 2, 4]"]),
        ({"lengths": [5, 6]}, ["1..seq_len=5", "[5, 6]"]),
        ({"lengths": [0, 5]}, ["1..seq_len=5"]),
        ({"lengths": [-1, 5]}, ["1..seq_len=5"]),
        ({"lengths": [5]}, ["2 values", "one length per sequence"]),
        ({"lengths": [5, 4, 3]}, ["2 values"]),
        ({"lengths": [[5, 4]]}, ["2 values"]),
        ({"lengths": [2.5, 3.0]}, ["integers", "float"]),
        ({"lengths": ["5", "4"]}, ["2 integers"]),
        ({"lengths": [True, True]}, ["integers", "bool"]),
        ({"lengths": {"a": 1}}, ["2 integers"]),
    ],
)
def test_bad_input_says_what_is_wrong(kwargs, words) -> None:
    call = {"x": X, "h0": None, "lengths": None} | kwargs
    with pytest.raises(ValueError) as err:
        unroll(RNN, call["x"], call["h0"], lengths=call["lengths"])
    for word in words:
        assert word in str(err.value), (word, str(err.value))


def test_unbatched_h0_shape_message() -> None:
    with pytest.raises(ValueError, match=r"expected \[4, 4\] = \[num_layers\*num_directions, hidden_size\]"):
        unroll(RNN, torch.randn(5, 3), torch.zeros(4, 1, 4))


def test_batch_first_shape_message_shows_its_layout() -> None:
    rnn = tiny_rnn(3, 4, 1, batch_first=True)
    with pytest.raises(ValueError, match=r"\[batch, seq_len, input_size\]"):
        unroll(rnn, torch.randn(2, 5, 7))


@pytest.mark.parametrize("module", [nn.Linear(3, 4), nn.RNNCell(3, 4), nn.LSTMCell(3, 4), "rnn", None])
def test_non_rnn_modules_are_refused(module) -> None:
    with pytest.raises(ValueError, match=r"must be a torch\.nn\.RNN, nn\.GRU or nn\.LSTM, got (\w+);") as err:
        unroll(module, X)
    assert type(module).__name__ in str(err.value) and "nn.RNN(input_size, hidden_size" in str(err.value)


def test_packed_sequence_and_lengths_together_are_refused() -> None:
    packed = pack_padded_sequence(X, [5, 3])
    with pytest.raises(ValueError, match="either a PackedSequence or lengths"):
        unroll(RNN, packed, lengths=[5, 3])


def test_bad_layer_direction_and_step() -> None:
    trace = unroll(tiny_rnn(3, 4, 2), X)
    with pytest.raises(ValueError, match=r"layer must be in 0\.\.1, got 2"):
        trace.hidden(2, 0)
    with pytest.raises(ValueError, match=r"direction must be 0 \(forward only\), got 1"):
        trace.hidden(0, 1)
    with pytest.raises(ValueError, match=r"t must be in 0\.\.4, got 5"):
        trace.step(0, 0, 5)
