"""The auto-caption states the configuration: its nn.RNN(...) call builds the same module; both languages."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from torch import nn

from rnnviz import PRESETS, RNNSpec
from rnnviz.lesson.caption import caption, rnn_call

ISSUE_SPEC = RNNSpec(input_size=4, hidden_size=2, num_layers=2, bidirectional=True, seq_len=3, batch_size=2, seed=0)


def test_the_issues_example_word_for_word():
    assert caption(ISSUE_SPEC, 1, "en") == (
        "nn.RNN(input_size=4, hidden_size=2, num_layers=2, bidirectional=True)"
        " · seq_len 3 · batch 2 · step t = 1 · seed 0"
    )


def test_chinese_caption_keeps_the_code_and_translates_the_words():
    zh = caption(ISSUE_SPEC, 1, "zh")
    assert zh.startswith("nn.RNN(input_size=4, hidden_size=2, num_layers=2, bidirectional=True) · ")
    assert "序列长度 3" in zh and "批大小 2" in zh and "t = 1" in zh and "随机种子 0" in zh
    words = re.sub(r"nn\.RNN\(.*?\)", "", zh)
    assert not re.search(r"[A-Za-z]{3,}", words)  # no English left outside the code


def test_sizes_always_shown_other_kwargs_only_when_not_nn_rnns_default():
    assert rnn_call(RNNSpec(num_layers=1, bidirectional=False)) == "nn.RNN(input_size=4, hidden_size=3, num_layers=1)"
    call = rnn_call(RNNSpec(nonlinearity="relu", bias=False, batch_first=True, dropout=0.25, bidirectional=False))
    assert call == (
        "nn.RNN(input_size=4, hidden_size=3, num_layers=2, nonlinearity='relu', bias=False, batch_first=True, "
        "dropout=0.25)"
    )


def test_step_is_left_out_when_not_given_and_extras_appear_when_set():
    spec = RNNSpec(input_kind="sine", h0_kind="random", training=True, dropout=0.5)
    text = caption(spec, None, "en")
    assert "step" not in text
    assert text.endswith("· seed 0 · input x: sine waves · h0 ~ torch.randn · train mode")


specs = st.builds(
    RNNSpec,
    input_size=st.integers(1, 9),
    hidden_size=st.integers(1, 9),
    num_layers=st.integers(1, 4),
    nonlinearity=st.sampled_from(["tanh", "relu"]),
    bias=st.booleans(),
    batch_first=st.booleans(),
    dropout=st.sampled_from([0.0, 0.1, 0.5]),
    bidirectional=st.booleans(),
)


@pytest.mark.filterwarnings("ignore:dropout option adds dropout")
@given(specs)
def test_the_captions_call_builds_the_specs_module(spec):
    rnn = eval(rnn_call(spec), {"nn": nn})  # the caption is code a reader can paste
    assert {k: getattr(rnn, k) for k in spec.rnn_kwargs()} == spec.rnn_kwargs()


def test_every_preset_has_a_caption_in_both_languages():
    for preset in PRESETS.values():
        for lang in ("en", "zh"):
            text = caption(preset.spec, 0, lang)
            assert text.startswith(rnn_call(preset.spec) + " · ")
            assert "caption." not in text  # every key resolved


def test_lengths_are_in_the_caption_in_both_languages():
    spec = RNNSpec(lengths=(6, 3))
    assert "lengths [6, 3] (packed)" in caption(spec, 0, "en")
    assert "有效长度 lengths [6, 3]（打包）" in caption(spec, 0, "zh")
    assert "lengths" not in caption(RNNSpec(), 0, "en")
