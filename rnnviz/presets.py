"""The classic tutorial examples as RNNSpecs, shapes and all (nn.RNN, then nn.GRU and nn.LSTM)."""

from __future__ import annotations

from dataclasses import dataclass

from rnnviz.spec import RNNSpec

_DIMS = dict(input_size=4, hidden_size=2, seq_len=3, batch_size=2, input_kind="uniform", h0_kind="zeros")


@dataclass(frozen=True)
class Preset:
    """A named configuration and the tutorial code it reproduces."""

    name: str
    spec: RNNSpec
    code: str  # the tutorial's own lines, for the caption
    g_scale: float | None = None  # the gradients page's W_hh scale this example needs (None: leave it)


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "rnn_5_6",
            RNNSpec(5, 6, 1, bidirectional=False, seq_len=20, batch_size=3, input_kind="normal", h0_kind="random"),
            "rnn = nn.RNN(5, 6, 1); x = torch.randn(20, 3, 5); h0 = torch.randn(1, 3, 6)",
        ),
        Preset(
            "rnn_5_6_seq1",
            RNNSpec(5, 6, 1, bidirectional=False, seq_len=1, batch_size=3, input_kind="normal", h0_kind="random"),
            "rnn = nn.RNN(5, 6, 1); x = torch.randn(1, 3, 5); h0 = torch.randn(1, 3, 6)",
        ),
        Preset(
            "dims_1layer_uni",
            RNNSpec(num_layers=1, bidirectional=False, **_DIMS),
            "nn.RNN(4, 2, 1); x = torch.rand(3, 2, 4) -> output [3, 2, 2], h_n [1, 2, 2]",
        ),
        Preset(
            "dims_1layer_bi",
            RNNSpec(num_layers=1, bidirectional=True, **_DIMS),
            "nn.RNN(4, 2, 1, bidirectional=True) -> output [3, 2, 4], h_n [2, 2, 2]",
        ),
        Preset(
            "dims_2layer_uni",
            RNNSpec(num_layers=2, bidirectional=False, **_DIMS),
            "nn.RNN(4, 2, 2) -> output [3, 2, 2], h_n [2, 2, 2]",
        ),
        Preset(
            "dims_2layer_bi",
            RNNSpec(num_layers=2, bidirectional=True, **_DIMS),
            "nn.RNN(4, 2, 2, bidirectional=True) -> output [3, 2, 4], h_n [4, 2, 2]",
        ),
        Preset(
            "vanishing",
            RNNSpec(4, 8, 1, bidirectional=False, seq_len=40, batch_size=2),
            "rnn = nn.RNN(4, 8); x = torch.randn(40, 2, 4); loss = output[-1].sum()  # dL/dh_0 ~ 1e-13",
            g_scale=1.0,
        ),
        Preset(
            "exploding",
            RNNSpec(4, 8, 1, nonlinearity="relu", bidirectional=False, seq_len=40, batch_size=2),
            "rnn = nn.RNN(4, 8, nonlinearity='relu'); rnn.weight_hh_l0.data *= 4; x = torch.randn(40, 2, 4)",
            g_scale=4.0,
        ),
        Preset(
            "rnn_100_20",
            RNNSpec(100, 20, 1, bidirectional=False, seq_len=10, batch_size=3, input_kind="normal"),
            "rnn = nn.RNN(100, 20); x = torch.randn(10, 3, 100)",
        ),
        Preset(
            "rnn_100_20_2layers",
            RNNSpec(100, 20, 2, bidirectional=False, seq_len=10, batch_size=3, input_kind="normal"),
            "rnn = nn.RNN(100, 20, 2); x = torch.randn(10, 3, 100)",
        ),
        Preset(
            "pytorch_docs",
            RNNSpec(10, 20, 2, bidirectional=False, seq_len=5, batch_size=3, input_kind="normal", h0_kind="random"),
            "rnn = nn.RNN(10, 20, 2); input = torch.randn(5, 3, 10); h0 = torch.randn(2, 3, 20)",
        ),
        Preset(
            "gru_docs",
            RNNSpec(10, 20, 2, bidirectional=False, seq_len=5, batch_size=3, h0_kind="random", cell="gru"),
            "rnn = nn.GRU(10, 20, 2); input = torch.randn(5, 3, 10); h0 = torch.randn(2, 3, 20)",
        ),
        Preset(
            "lstm_docs",
            RNNSpec(10, 20, 2, bidirectional=False, seq_len=5, batch_size=3, h0_kind="random", cell="lstm"),
            "rnn = nn.LSTM(10, 20, 2); input = torch.randn(5, 3, 10); h0 = torch.randn(2, 3, 20); "
            "c0 = torch.randn(2, 3, 20)",
        ),
        Preset(
            "char_gru",
            RNNSpec(8, 8, 2, bidirectional=False, seq_len=10, batch_size=1, cell="gru"),
            "rnn = nn.GRU(8, 8, 2); x = torch.randn(10, 1, 8)  # the char model's core: nn.GRU(hidden, hidden, "
            "num_layers) reading embedded characters",
        ),
    )
}

# The beginner path: the simplest case first, one click to the next (titles: i18n keys "preset.<name>").
BEGINNER_PATH = ("dims_1layer_uni", "dims_1layer_bi", "dims_2layer_uni", "dims_2layer_bi", "pytorch_docs",
                 "vanishing", "exploding")  # fmt: skip


def next_preset(name: str | None) -> str | None:
    """The preset after ``name`` on the beginner path (None at its end or off it)."""
    if name not in BEGINNER_PATH:
        return None
    i = BEGINNER_PATH.index(name)
    return BEGINNER_PATH[i + 1] if i + 1 < len(BEGINNER_PATH) else None
