"""URL/CLI parameters <-> RNNSpec: an exact round trip, and hostile values never raise (with notices)."""

from __future__ import annotations

from dataclasses import fields

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnviz import PRESETS, Limits, RNNSpec, from_params, to_params
from rnnviz.params import MAX_RAW, SEED_MAX

LIMITS = Limits()


@st.composite
def specs(draw) -> RNNSpec:
    """Any spec this server accepts: every size within its cap and the trace within the cells cap."""
    spec = RNNSpec(
        input_size=draw(st.integers(1, LIMITS.input_size)),
        hidden_size=draw(st.integers(1, LIMITS.hidden_size)),
        num_layers=draw(st.integers(1, LIMITS.num_layers)),
        nonlinearity=draw(st.sampled_from(["tanh", "relu"])),
        bias=draw(st.booleans()),
        batch_first=draw(st.booleans()),
        dropout=draw(st.one_of(st.floats(0, 1), st.sampled_from([0, 1]))),
        bidirectional=draw(st.booleans()),
        seq_len=draw(st.integers(1, LIMITS.seq_len)),
        batch_size=draw(st.integers(1, LIMITS.batch_size)),
        seed=draw(st.integers(0, SEED_MAX)),
        input_kind=draw(st.sampled_from(["normal", "uniform", "sine", "ramp"])),
        h0_kind=draw(st.sampled_from(["zeros", "random"])),
        training=draw(st.booleans()),
    )
    cell = draw(st.sampled_from(["rnn", "gru", "lstm"]))
    if cell != "rnn":
        proj = draw(st.integers(0, spec.hidden_size - 1)) if cell == "lstm" else 0
        spec = spec.replace(cell=cell, nonlinearity="tanh", proj_size=proj)
    fit = LIMITS.cells // (spec.cells // spec.seq_len)
    return spec.replace(seq_len=max(1, min(spec.seq_len, fit))) if spec.cells > LIMITS.cells else spec


@settings(max_examples=60, deadline=None)
@given(specs(), st.data())
def test_round_trip_is_the_identity(spec: RNNSpec, data) -> None:
    t = data.draw(st.integers(0, spec.seq_len - 1))
    params = to_params(spec, t)
    assert all(isinstance(v, str) for v in params.values())
    parsed = from_params(params, LIMITS)
    assert parsed.spec == spec and parsed.t == t and parsed.notices == () and parsed.preset is None


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_presets_round_trip(name: str) -> None:
    parsed = from_params({"preset": name})
    assert parsed.spec == PRESETS[name].spec and parsed.preset == name and parsed.notices == ()
    again = from_params(to_params(parsed.spec, 0, name))
    assert again.spec == parsed.spec and again.preset == name


HOSTILE = [
    "garbage",
    "-3",
    "0",
    "99999999999999999999",
    "1e999",
    "nan",
    "inf",
    "-inf",
    "<script>alert(1)</script>",
    "",
    "   ",
    "1.5",
    "２",
    "x" * 10_000,
    "-0.0",
    "None",
    "[1, 2]",
    "\x00",
    "🙂",
]


@pytest.mark.parametrize("raw", HOSTILE)
@pytest.mark.parametrize("name", [f.name for f in fields(RNNSpec)] + ["t", "preset"])
def test_hostile_values_never_raise(name: str, raw: str) -> None:
    parsed = from_params({name: raw}, LIMITS)
    spec = parsed.spec
    assert isinstance(spec, RNNSpec) and spec.cells <= LIMITS.cells and 0 <= parsed.t < spec.seq_len
    for notice in parsed.notices:
        assert len(notice.raw) <= MAX_RAW + 1
        assert notice.reason in {"invalid", "too_small", "too_large", "capped", "cells", "unknown_preset"} | {
            "not_for_cell",
            "lengths_count",
        }
        assert notice.field in notice.message()


@pytest.mark.parametrize(
    ("params", "field", "used", "reason"),
    [
        ({"seq_len": "-3"}, "seq_len", 1, "too_small"),
        ({"hidden_size": "0"}, "hidden_size", 1, "too_small"),
        ({"hidden_size": "99999999999999999999"}, "hidden_size", LIMITS.hidden_size, "capped"),
        ({"num_layers": "1e999"}, "num_layers", RNNSpec().num_layers, "invalid"),
        ({"dropout": "nan"}, "dropout", 0.0, "invalid"),
        ({"dropout": "1e999"}, "dropout", 0.0, "invalid"),
        ({"dropout": "1.5"}, "dropout", 1.0, "too_large"),
        ({"dropout": "-0.25"}, "dropout", 0.0, "too_small"),
        ({"seed": "-1"}, "seed", 0, "too_small"),
        ({"seed": str(2**40)}, "seed", SEED_MAX, "too_large"),
        ({"t": "1000"}, "t", RNNSpec().seq_len - 1, "too_large"),
        ({"t": "-5"}, "t", 0, "too_small"),
        ({"bias": "maybe"}, "bias", True, "invalid"),
        ({"nonlinearity": "<script>"}, "nonlinearity", "tanh", "invalid"),
        ({"input_size": "x" * 10_000}, "input_size", RNNSpec().input_size, "invalid"),
        ({"batch_size": ["3", "4"]}, None, None, None),  # a repeated key: the first value, no notice
        ({"preset": "nope"}, "preset", None, "unknown_preset"),
    ],
)
def test_each_fix_up_is_reported(params, field, used, reason) -> None:
    parsed = from_params(params, LIMITS)
    if field is None:
        assert parsed.notices == () and parsed.spec.batch_size == 3
        return
    assert [(n.field, n.used, n.reason) for n in parsed.notices] == [(field, used, reason)]
    if field not in ("t", "preset"):
        assert getattr(parsed.spec, field) == used


def test_values_are_trimmed_and_case_insensitive() -> None:
    parsed = from_params({"nonlinearity": " ReLU ", "bidirectional": "FALSE", "bias": "0", "seq_len": " 7 "})
    assert parsed.notices == ()
    assert (parsed.spec.nonlinearity, parsed.spec.bidirectional, parsed.spec.bias, parsed.spec.seq_len) == (
        "relu",
        False,
        False,
        7,
    )


def test_negative_zero_dropout_prints_as_zero() -> None:
    assert to_params(from_params({"dropout": "-0.0"}).spec)["dropout"] == "0.0"


def test_empty_preset_means_none_and_unknown_keys_are_ignored() -> None:
    parsed = from_params({"preset": "", "utm_source": "mail", "": "x"})
    assert parsed.notices == () and parsed.preset is None and parsed.spec == RNNSpec()


def test_the_cells_cap_shrinks_seq_len_then_batch() -> None:
    limits = Limits(cells=1000)
    big = {"seq_len": "200", "batch_size": "16", "hidden_size": "10", "num_layers": "2", "bidirectional": "true"}
    # 16 sequences x 2 layers x 2 directions x 10 units = 640 cells per step
    parsed = from_params(big, limits)
    assert (parsed.spec.seq_len, parsed.spec.batch_size, parsed.spec.cells) == (1, 16, 640)
    assert [(n.field, n.used, n.reason) for n in parsed.notices] == [("seq_len", 1, "cells")]
    tight = from_params(big, Limits(cells=320))
    assert tight.spec.seq_len == 1 and tight.spec.batch_size == 8 and tight.spec.cells <= 320


def test_caps_hold_for_presets_and_base_values_too() -> None:
    limits = Limits(seq_len=8, input_size=50)
    parsed = from_params({"preset": "rnn_100_20"}, limits)
    assert parsed.spec.input_size == 50 and parsed.spec.seq_len == 8
    assert {(n.field, n.reason) for n in parsed.notices} == {("input_size", "capped"), ("seq_len", "capped")}
    based = from_params({}, limits, base=RNNSpec(seq_len=100))
    assert based.spec.seq_len == 8


def test_limits_from_env() -> None:
    env = {
        "RNNVIZ_MAX_SEQ_LEN": "2000",
        "RNNVIZ_MAX_HIDDEN_SIZE": "-4",
        "RNNVIZ_MAX_CELLS": "1e9",
        "RNNVIZ_MAX_BATCH_SIZE": "0",
        "RNNVIZ_MAX_NUM_LAYERS": " 3 ",
    }
    limits = Limits.from_env(env)
    assert limits.seq_len == 2000 and limits.num_layers == 3
    assert (limits.hidden_size, limits.cells, limits.batch_size) == (128, 400_000, 16)
    assert Limits.from_env({}) == Limits()


def test_cell_options_are_fixed_up_with_notices() -> None:
    parsed = from_params({"cell": "GRU", "nonlinearity": "relu", "proj_size": "2"})
    assert parsed.spec.cell == "gru" and parsed.spec.nonlinearity == "tanh" and parsed.spec.proj_size == 0
    assert [(n.field, n.used, n.reason) for n in parsed.notices] == [
        ("nonlinearity", "tanh", "not_for_cell"),
        ("proj_size", 0, "not_for_cell"),
    ]
    lstm = from_params({"cell": "lstm", "hidden_size": "4", "proj_size": "2"})
    assert lstm.spec.proj_size == 2 and lstm.notices == ()
    too_big = from_params({"cell": "lstm", "hidden_size": "4", "proj_size": "4"})
    assert too_big.spec.proj_size == 0 and [n.reason for n in too_big.notices] == ["not_for_cell"]
    bad = from_params({"cell": "<b>lstm</b>", "proj_size": "-1"})
    assert bad.spec.cell == "rnn" and bad.spec.proj_size == 0
    assert {(n.field, n.reason) for n in bad.notices} == {("cell", "invalid"), ("proj_size", "too_small")}


def test_old_urls_open_the_same_rnn_page() -> None:
    old = {k: v for k, v in to_params(RNNSpec(hidden_size=5, nonlinearity="relu"), 2).items()
           if k not in ("cell", "proj_size")}  # fmt: skip
    parsed = from_params(old)
    assert parsed.spec == RNNSpec(hidden_size=5, nonlinearity="relu") and parsed.notices == () and parsed.t == 2


def test_the_cells_cap_counts_the_gates() -> None:
    limits = Limits(cells=6 * 2 * 2 * 2 * 3 * 4)  # the default RNN spec's trace, times 4
    assert from_params({"cell": "gru"}, limits).notices == ()  # h_t + r, z, n: 4 values per unit
    lstm = from_params({"cell": "lstm"}, limits)  # h_t, c_t + i, f, g, o: 6 values per unit
    assert [(n.field, n.reason) for n in lstm.notices] == [("seq_len", "cells")]
    assert lstm.spec.cells <= limits.cells and lstm.spec.seq_len == 4


@pytest.mark.parametrize(
    ("raw", "lengths", "reason"),
    [
        ("6,4", (6, 4), None),
        ("(6, 4)", (6, 4), None),
        ("", None, None),
        ("9,4", (6, 4), "too_large"),
        ("0,4", (1, 4), "too_small"),
        ("6", None, "lengths_count"),
        ("6,4,2", None, "lengths_count"),
        ("a,b", None, "invalid"),
    ],
)
def test_lengths_from_the_url(raw: str, lengths, reason) -> None:
    parsed = from_params({"lengths": raw}, LIMITS)
    assert parsed.spec.lengths == lengths
    assert [n.reason for n in parsed.notices] == ([reason] if reason else [])
    assert to_params(parsed.spec)["lengths"] == ("" if lengths is None else ",".join(map(str, lengths)))


def test_lengths_follow_shrunk_sizes() -> None:
    """seq_len or batch_size changed by a cap: lengths are checked against the sizes used."""
    parsed = from_params({"seq_len": "3", "lengths": "6,2"}, LIMITS)
    assert parsed.spec.lengths == (3, 2) and parsed.notices[0].field == "lengths"
    assert from_params({"lengths": "6,4", "batch_size": "3"}, LIMITS).spec.lengths is None
