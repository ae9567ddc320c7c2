"""Numbers typed as text (a CLI flag, a URL value) checked against a range: the one parser the CLIs share."""

from __future__ import annotations

import math


def parse_number(raw: object, low: float, high: float, *, whole: bool) -> int | float:
    """``raw`` as an int (``whole``) or a finite float in [low, high]; raises ValueError otherwise (also for
    NaN, inf, 1e999, and text that is not a number)."""
    s = str(raw).strip()
    number = int(s) if whole else float(s)
    if not (math.isfinite(number) and low <= number <= high):
        raise ValueError(s)
    return number
