"""UI strings (app): EN and ZH hold the same keys."""

EN: dict[str, str] = {}

ZH: dict[str, str] = {}
