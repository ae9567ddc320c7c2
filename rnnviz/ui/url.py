"""The URL <-> app state mapping beyond RNNSpec (lang, batch, lesson, t) and safe notice text; no streamlit here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

from rnnviz.i18n import LANGS, normalise_lang, text
from rnnviz.limits import Limits
from rnnviz.params import FALSE, MAX_RAW, TRUE, Notice, from_params, to_params
from rnnviz.presets import BEGINNER_PATH
from rnnviz.spec import RNNSpec

SPEC_FIELDS = tuple(f.name for f in fields(RNNSpec))

EXTRA_KEYS = ("lang", "batch", "lesson")  # URL keys next to to_params' (nn.RNN kwargs, seq_len, ..., t, preset)


@dataclass(frozen=True)
class AppParams:
    """Everything the URL can say about the shared state, validated."""

    spec: RNNSpec
    t: int  # current step, 0..seq_len-1
    preset: str | None
    lang: str  # "en" | "zh"
    batch: int  # batch element shown, 0..batch_size-1
    lesson: bool
    notices: tuple[Notice, ...]


def parse_app_params(
    raw: Mapping[str, object], limits: Limits, accept_language: str | None = None, base: RNNSpec | None = None
) -> AppParams:
    """Validate every app parameter; never raises. Missing keys take defaults; bad ones give a Notice.
    A URL that names no configuration at all opens the beginner path's first, simplest example."""
    if base is None and not any(k in raw for k in (*SPEC_FIELDS, "preset")):
        raw = {**raw, "preset": BEGINNER_PATH[0]}
    parsed = from_params(raw, limits, base)
    gated = parsed.spec.cell != "rnn"  # the app's views are nn.RNN's for now: GRU/LSTM fall back, with a notice
    if gated:
        cell = parsed.spec.cell
        parsed = from_params({k: v for k, v in raw.items() if k not in ("cell", "proj_size", "preset")}, limits, base)
        parsed = type(parsed)(parsed.spec.replace(cell="rnn", proj_size=0), parsed.t, None, parsed.notices)
    notices = list(parsed.notices) + ([Notice("cell", cell, "rnn", "cell_coming")] if gated else [])
    raw_lang = _first(raw.get("lang"))
    lang = normalise_lang(raw_lang, accept_language)
    if raw_lang is not None and raw_lang.strip().lower()[:2] not in LANGS:
        notices.append(Notice("lang", _short(raw_lang), lang, "invalid"))
    batch = _parse_index("batch", _first(raw.get("batch")), parsed.spec.batch_size, notices)
    lesson = _parse_bool("lesson", _first(raw.get("lesson")), notices)
    return AppParams(parsed.spec, parsed.t, parsed.preset, lang, batch, lesson, tuple(notices))


def app_to_params(p: AppParams, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The URL query for ``p`` (all fields, booleans as true/false), plus pages' own ``extra`` params."""
    out = to_params(p.spec, p.t, p.preset)
    out |= {"lang": p.lang, "batch": str(p.batch), "lesson": "true" if p.lesson else "false"}
    return out | dict(extra or {})


def notice_text(lang: str, notice: Notice) -> str:
    """The translated notice, with URL text inside code spans so Markdown never interprets it."""
    return text(
        lang, f"dash.notice.{notice.reason}", field=notice.field, raw=code_span(notice.raw), used=code_span(notice.used)
    )


def code_span(value: object) -> str:
    """``value`` as an inline code span that cannot be broken out of (backticks and newlines replaced)."""
    s = "None" if value is None else str(value)
    s = s.replace("`", "'").replace("\r", " ").replace("\n", " ")
    return f"`{s[: MAX_RAW + 1]}`"


def _parse_index(name: str, raw: str | None, size: int, notices: list[Notice]) -> int:
    if raw is None:
        return 0
    try:
        if len(raw) > MAX_RAW:
            raise ValueError
        value = int(raw.strip())
    except ValueError:
        notices.append(Notice(name, _short(raw), 0, "invalid"))
        return 0
    if value < 0:
        notices.append(Notice(name, _short(raw), 0, "too_small"))
        return 0
    if value >= size:
        notices.append(Notice(name, _short(raw), size - 1, "too_large"))
        return size - 1
    return value


def _parse_bool(name: str, raw: str | None, notices: list[Notice]) -> bool:
    if raw is None:
        return False
    value = raw.strip().lower()
    if value in TRUE or value in FALSE:
        return value in TRUE
    notices.append(Notice(name, _short(raw), False, "invalid"))
    return False


def _first(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    return str(value)


def _short(text_: str) -> str:
    return text_ if len(text_) <= MAX_RAW else text_[:MAX_RAW] + "…"
