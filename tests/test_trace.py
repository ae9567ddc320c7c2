"""Trace: h_prev, terms and step agree with a hand-written loop; names, sizes, valid, packed_output."""

from __future__ import annotations

import pytest
import torch
from torch.nn.utils.rnn import pack_padded_sequence

from rnnviz import Terms, unroll
from tests.models import assert_parity, hand_loop, tiny_rnn

FIELDS = ("h_prev", "ih", "hh", "pre", "h_t")


def _trace(lengths=None, **options):
    rnn = tiny_rnn(3, 4, 2, dtype=torch.float64, **options)
    D = 2 if rnn.bidirectional else 1
    torch.manual_seed(1)
    x, h0 = torch.randn(6, 3, 3, dtype=torch.float64), torch.randn(2 * D, 3, 4, dtype=torch.float64)
    return unroll(rnn, x, h0, lengths=lengths)


@pytest.mark.parametrize("lengths", [None, [6, 2, 4]])
@pytest.mark.parametrize("options", [{}, {"bidirectional": True}, {"nonlinearity": "relu", "bias": False}])
def test_terms_h_prev_and_step_equal_a_hand_written_loop(lengths, options) -> None:
    trace = _trace(lengths, **options)
    valid = trace.valid  # [L, N]
    for layer in range(trace.num_layers):
        for d in range(trace.num_directions):
            loop, terms = hand_loop(trace, layer, d), trace.terms(layer, d)
            assert_parity(trace.h_prev(layer, d)[valid], loop["h_prev"][valid])
            for name in FIELDS:
                assert_parity(getattr(terms, name)[valid], loop[name][valid])
            for t in range(trace.seq_len):
                step = trace.step(layer, d, t)
                ok = valid[t]  # [N]
                assert torch.equal(step.valid, ok)
                assert torch.equal(step.x_t, trace.layer_inputs[layer][t])
                for name in FIELDS:
                    assert_parity(getattr(step, name)[ok], loop[name][t][ok])


def test_step_equals_terms_at() -> None:
    trace = _trace([6, 2, 4], bidirectional=True)
    for d in (0, 1):
        whole = trace.terms(1, d)
        for t in range(trace.seq_len):
            one, at = trace.step(1, d, t), whole.at(t)
            assert isinstance(one, Terms) and one.gates == {} and at.gates == {}
            for name in ("x_t", "h_t", "valid") + FIELDS:
                torch.testing.assert_close(getattr(one, name), getattr(at, name), atol=1e-12, rtol=0)


def test_h_prev_starts_from_h0_for_each_direction() -> None:
    trace = _trace([6, 2, 4], bidirectional=True)
    for layer in (0, 1):
        fwd, rev = trace.h_prev(layer, 0), trace.h_prev(layer, 1)
        assert torch.equal(fwd[0], trace.h0[2 * layer])
        for n, length in enumerate([6, 2, 4]):
            assert torch.equal(rev[length - 1, n], trace.h0[2 * layer + 1, n])
            assert torch.equal(rev[: length - 1, n], trace.hidden(layer, 1)[1:length, n])
            assert torch.equal(fwd[1:length, n], trace.hidden(layer, 0)[: length - 1, n])


def test_activation_of_pre_is_h_t() -> None:
    for nonlinearity in ("tanh", "relu"):
        trace = _trace(nonlinearity=nonlinearity)
        terms = trace.terms(0, 0)
        assert trace.nonlinearity == nonlinearity
        assert_parity(trace.activation(terms.pre), terms.h_t)


def test_sizes_valid_and_names() -> None:
    trace = _trace([6, 2, 4], bidirectional=True)
    assert (trace.seq_len, trace.batch_size, trace.num_directions, trace.mode) == (6, 3, 2, "RNN_TANH")
    assert trace.valid.tolist() == [[t < n for n in (6, 2, 4)] for t in range(6)]
    assert trace.weight_names(1, 1) == {
        "W_ih": "weight_ih_l1_reverse",
        "W_hh": "weight_hh_l1_reverse",
        "b_ih": "bias_ih_l1_reverse",
        "b_hh": "bias_hh_l1_reverse",
    }
    w = trace.weights(1, 0)
    assert w["W_ih"].shape == (4, 8) and w["W_hh"].shape == (4, 4) and w["b_ih"].shape == (4,)
    assert _trace(bias=False).weights(0, 0)["b_hh"] is None
    assert bool(_trace().valid.all())


def test_packed_output_without_lengths_packs_every_step() -> None:
    trace = _trace(bidirectional=True)
    packed = trace.packed_output()
    expected = pack_padded_sequence(trace.layer_outputs[-1], [6, 6, 6])
    assert torch.equal(packed.data, expected.data) and torch.equal(packed.batch_sizes, expected.batch_sizes)


def test_layer_inputs_chain_layers() -> None:
    trace = _trace(bidirectional=True)
    assert trace.layer_inputs[0].shape == (6, 3, 3) and trace.layer_inputs[1].shape == (6, 3, 8)
    assert torch.equal(trace.layer_inputs[1], trace.layer_outputs[0])  # eval: no dropout between
