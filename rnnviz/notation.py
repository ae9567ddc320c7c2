"""One notation for the maths and for tensor indices: layout-aware names of output slices and shapes.

Every figure, caption and table that names ``output`` (or ``x``) uses these, so a label follows the layout
the module really has (``batch_first``, unbatched input) and the reverse direction's previous state is
``h_{t+1}``.
"""

from __future__ import annotations

import math

VISIBLE = {" ": "␣", "\n": "↵", "\t": "⇥"}  # a character a figure or a table could not show as it is
PREV_STATE = ("h_{t-1}", "h_{t+1}")  # the state a direction's step reads: forward t-1, reverse t+1
PREV_STEP = ("t - 1", "t + 1")


def visible_char(ch: str) -> str:
    """A character as drawn in a figure or a table: space, line break and tab made visible (VISIBLE)."""
    return VISIBLE.get(ch, ch)


def prev_state(direction: int) -> str:
    """``h_{t-1}`` for the forward direction, ``h_{t+1}`` for the reverse one (it runs t = L-1 .. 0)."""
    return PREV_STATE[direction]


def output_at(t: int | str, *, batch_first: bool, batched: bool = True) -> str:
    """The expression of ``output`` at step ``t`` as one types it: ``output[t]``, or ``output[:, t]``."""
    return f"output[:, {t}]" if batched and batch_first else f"output[{t}]"


def output_element(t: int | str, n: int | str, j: int | str, *, batch_first: bool) -> str:
    """One number of a batched ``output``: ``output[t, n, j]``, or ``output[n, t, j]`` under batch_first."""
    return f"output[{n}, {t}, {j}]" if batch_first else f"output[{t}, {n}, {j}]"


def x_at(t: int | str, *, batch_first: bool, batched: bool = True) -> str:
    """The input at step ``t``: ``x[t]``, or ``x[:, t]`` under batch_first."""
    return f"x[:, {t}]" if batched and batch_first else f"x[{t}]"


def dims(features: str, *, batch_first: bool, batched: bool = True) -> str:
    """The symbolic shape of input/output: ``[L, N, features]``, ``[N, L, features]`` or ``[L, features]``."""
    if not batched:
        return f"[L, {features}]"
    return f"[N, L, {features}]" if batch_first else f"[L, N, {features}]"


def shape(L: int, N: int, F: int, *, batch_first: bool, batched: bool = True) -> str:
    """The numeric shape ``[L, N, F]`` in the module's layout (``[N, L, F]``, ``[L, F]``)."""
    if not batched:
        return f"[{L}, {F}]"
    return f"[{N}, {L}, {F}]" if batch_first else f"[{L}, {N}, {F}]"


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def power_of_ten(x: float, digits: int = 2) -> str:
    """``x`` for a reader: ``0.37``, ``3.2 × 10⁻¹³``; a float that underflowed to 0 is ``< 10⁻³⁰⁸``, never 0."""
    if x == 0:
        return "< 10" + "-308".translate(_SUPERSCRIPT)
    if not math.isfinite(x):
        return str(x)
    e = math.floor(math.log10(abs(x)))
    if -3 <= e <= 3:
        return f"{x:.{digits + 1}g}"
    m = x / 10**e
    return f"{m:.{digits}g} × 10" + str(e).translate(_SUPERSCRIPT)
