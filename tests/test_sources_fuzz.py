"""Any bytes or text at all: rnnviz.sources answers with a SourceError (or a result), never another exception."""

from __future__ import annotations

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnviz import load_state_dict
from rnnviz.sources import SourceError, encode_text, parse_csv, parse_numbers
from rnnviz.sources.tensors import input_file
from tests.sources_models import make_module, safetensors_bytes, torch_bytes

VALID = {
    "torch": torch_bytes({"state_dict": make_module("LSTM", input_size=2, hidden_size=3, num_layers=2).state_dict()}),
    "safetensors": safetensors_bytes(make_module("GRU", input_size=2, hidden_size=3).state_dict()),
}


def _answers(call, *args, **kwargs) -> None:
    try:
        call(*args, **kwargs)
    except SourceError as err:
        assert str(err) and err.text("zh")


@given(st.binary(max_size=400))
def test_random_bytes(data):
    _answers(load_state_dict, data)
    _answers(input_file, data)


@pytest.mark.parametrize("fmt", sorted(VALID))
@given(data=st.data())
@settings(max_examples=60, deadline=None)
def test_damaged_model_files(fmt, data):
    raw = bytearray(VALID[fmt])
    for _ in range(data.draw(st.integers(1, 8))):  # flip a few bytes, anywhere
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(raw)))
    _answers(load_state_dict, bytes(raw))
    _answers(load_state_dict, bytes(raw[:cut]))


TEXT = st.text(alphabet=st.sampled_from(list("0123456789.,;-+eE \t\n\rnaifx\"'#é\x00")), max_size=80)


@given(TEXT)
def test_random_text_as_numbers_csv_and_char_input(text):
    _answers(parse_numbers, text)
    _answers(parse_csv, text)
    _answers(parse_csv, text, sequence_column=0)
    _answers(encode_text, text, tuple("0123456789"))
    _answers(parse_numbers, text.encode("utf-8", "surrogatepass"))


@given(
    st.dictionaries(
        st.sampled_from(
            [
                "weight_ih_l0",
                "weight_hh_l0",
                "bias_ih_l0",
                "bias_hh_l0",
                "weight_hr_l0",
                "weight_ih_l1",
                "weight_hh_l0_reverse",
                "rnn.weight_ih_l0",
            ]
        ),
        st.lists(st.integers(0, 7), min_size=0, max_size=3),
        min_size=1,
    )
)
def test_random_shapes_under_recurrent_names(shapes):
    state = {k: torch.zeros(dims) for k, dims in shapes.items()}
    _answers(load_state_dict, state)
