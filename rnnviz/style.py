"""The one place for colours, fonts and colour scales, so every figure and screenshot looks the same."""

from __future__ import annotations

import math

import plotly.graph_objects as go

FONT_FAMILY = "Inter, 'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', 'Helvetica Neue', Arial, sans-serif"
MONO_FAMILY = "'JetBrains Mono', 'Noto Sans Mono CJK SC', Menlo, Consolas, monospace"
FONT_SIZE = 13
LESSON_FONT_SIZE = 18
SLIDE_SIZE = (1280, 720)  # px, 16:9: lesson-mode figures and every exported image

# Diverging scale for signed values: blue (negative), white (0), red (positive). Symmetric, so 0 is white.
DIVERGING = [[0.0, "#2166ac"], [0.25, "#67a9cf"], [0.5, "#f7f7f7"], [0.75, "#ef8a62"], [1.0, "#b2182b"]]
# Sequential scale for non-negative values (relu states, |gradients|).
SEQUENTIAL = [[0.0, "#f7fbff"], [0.35, "#9ecae1"], [0.7, "#3182bd"], [1.0, "#08306b"]]

FORWARD = "#1b7837"  # the forward direction (->): green
REVERSE = "#762a83"  # the reverse direction (<-): purple
INPUT = "#4d4d4d"  # x_t
HIGHLIGHT = "#ff7f00"  # the current step t, the selected cell
PADDING = "rgb(236,236,236)"  # over steps past a sequence's length (padding: the cell never runs there)
PADDING_LINE = "#666666"  # the dashed outline of the padding
NOT_YET = "rgba(255,255,255,0.78)"  # over states not computed yet at the current step: greyed, still legible
SAME_W = "#fdb863"  # cells that share one set of weights
GRID = "#e5e5e5"
TEXT = "#222222"
MUTED = "#777777"
CODE_BACKGROUND = "#f5f6f8"  # the theme's secondaryBackgroundColor (.streamlit/config.toml)
CODE_COLOURS = {  # rnnviz/ui/codeblock.py: keyword, string, number, comment, builtin, function/class name
    "k": "#9b2393",
    "s": "#2f7d32",
    "n": "#9a5b00",
    "c": "#6a6f76",
    "b": "#0b6e99",
    "f": "#3056c9",
}
OK = "#1a9850"
BAD = "#d73027"
MISSING = "#bdbdbd"  # heatmap cells that are inf/NaN (e.g. an exploded gradient): the plot background shows

DIRECTION_COLOURS = (FORWARD, REVERSE)
DIRECTION_ARROWS = ("→", "←")


def value_range(nonlinearity: str, values_max: float | None = None) -> tuple[float, float]:
    """The fixed colour range shared by every hidden-state panel.

    tanh: exactly [-1, 1]. relu: [0, m] where m is the largest state rounded up to a "nice" number
    (1, 2, 5 x 10^k), so panels of one trace share it and small changes don't rescale it.
    """
    if nonlinearity == "tanh":
        return (-1.0, 1.0)
    m = values_max if values_max is not None and math.isfinite(values_max) and values_max > 0 else 1.0
    return (0.0, nice_ceiling(m))


def colourscale(nonlinearity: str) -> list[list]:
    """DIVERGING for tanh (signed), SEQUENTIAL for relu (non-negative)."""
    return DIVERGING if nonlinearity == "tanh" else SEQUENTIAL


def nice_ceiling(x: float) -> float:
    """The smallest of 1, 2, 5 x 10^k that is >= x (x > 0)."""
    k = math.floor(math.log10(x))
    for m in (1, 2, 5, 10):
        if m * 10**k >= x * (1 - 1e-12):
            return float(m * 10**k)
    return float(10 ** (k + 1))


def base_layout(*, lesson: bool = False, **overrides) -> go.Layout:
    """White background, the shared font, tight margins; ``lesson`` enlarges the fonts for slides."""
    size = LESSON_FONT_SIZE if lesson else FONT_SIZE
    layout = dict(
        template="plotly_white",
        font=dict(family=FONT_FAMILY, size=size, color=TEXT),
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin=dict(l=60, r=20, t=50, b=50),
        hoverlabel=dict(font=dict(family=MONO_FAMILY)),
    )
    layout.update(overrides)
    return go.Layout(**layout)

# The language-model lab: one colour per cell kind, the same in every lab figure.
CELL_COLOURS = {"rnn": "#1f77b4", "gru": "#d62728", "lstm": "#2ca02c"}
WINDOW_COLOURS = ("#ffffff", "#d9d9d9", "#ffd8a8", "#deebf7")  # other text, previous, current, next window
