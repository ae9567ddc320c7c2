"""Every string a user reads, in English and Simplified Chinese, looked up by key (one catalogue)."""

from __future__ import annotations

from rnnviz.i18n import app, compare, diagrams, gates, gradients, lab, learned, lesson, sources, speed, upload

LANGS = ("en", "zh")
_MODULES = (app, diagrams, gradients, lesson, sources, lab, speed, learned, gates, compare, upload)
CATALOGUE: dict[str, dict[str, str]] = {
    lang: {k: v for m in _MODULES for k, v in getattr(m, lang.upper()).items()} for lang in LANGS
}


def text(lang: str, key: str, **kwargs: object) -> str:
    """The string for ``key`` in ``lang`` (falls back to English, then to the key), formatted with kwargs."""
    table = CATALOGUE.get(lang, CATALOGUE["en"])
    template = table.get(key) or CATALOGUE["en"].get(key) or key
    return template.format(**kwargs) if kwargs else template


def normalise_lang(value: object, accept_language: str | None = None) -> str:
    """'en' or 'zh' from a URL value, else from a browser Accept-Language header, else 'en'."""
    if isinstance(value, str) and value.strip().lower()[:2] in LANGS:
        return value.strip().lower()[:2]
    if accept_language:
        for part in accept_language.split(","):
            code = part.split(";")[0].strip().lower()[:2]
            if code in LANGS:
                return code
    return "en"
