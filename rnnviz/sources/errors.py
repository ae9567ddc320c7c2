"""SourceError and Message: what a source refused or found, as a catalogue key and its values (EN/ZH)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rnnviz.i18n import CATALOGUE

MAX_LISTED = 8  # a list of keys in a message shows at most this many, then "… (n more)"


@dataclass(frozen=True)
class Message:
    """One sentence for the user: a key of ``rnnviz.i18n.sources`` and the values it is formatted with.

    Values are plain text (key names, shapes, numbers); display them as text, never as HTML or markdown.
    """

    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        """The sentence in ``lang`` ('en' or 'zh')."""
        table = CATALOGUE.get(lang, CATALOGUE["en"])
        template = table.get(self.key) or CATALOGUE["en"].get(self.key) or self.key
        return template.format(**self.params)  # (i18n.text's own 'key' argument would clash with a value 'key')

    def __str__(self) -> str:
        return self.text("en")


class SourceError(ValueError):
    """Every refusal of a model file, a state_dict, pasted numbers, a CSV or a text.

    ``str(err)`` is the English sentence; ``err.text("zh")`` the Chinese one; ``err.message`` the key and values.
    """

    def __init__(self, key: str, /, **params: object) -> None:
        self.message = Message(key, params)
        self.candidates: tuple[str, ...] = ()  # with "source.err.several": the prefixes to pick from
        super().__init__(self.message.text("en"))

    def text(self, lang: str = "en") -> str:
        return self.message.text(lang)


def cap_error(field: str, value: int, cap: int) -> SourceError:
    """The refusal of a size over a cap (a ``Limits`` field): the cap, and how a local user raises it."""
    return SourceError(
        "source.err.cap",
        what=field,
        value=f"{value:,}",
        cap=f"{cap:,}",
        env=f"RNNVIZ_MAX_{field.upper()}",
        field=field,
        needed=value,
    )


def shape(value: object) -> str:
    """A tensor's (or a shape tuple's) shape as PyTorch prints sizes: ``[12, 5]``."""
    dims = getattr(value, "shape", value)
    return "[" + ", ".join(str(int(d)) for d in dims) + "]"


def listing(items: Sequence[object], limit: int = MAX_LISTED) -> str:
    """``a, b, c`` -- at most ``limit`` items, then ``… (+n)``."""
    items = [s if len(s := str(i)) <= 60 else s[:59] + "…" for i in items]  # a key can be any length
    head = ", ".join(items[:limit])
    return head + (f", … (+{len(items) - limit})" if len(items) > limit else "")


def clip(value: object, width: int = 24) -> str:
    """A user's value shortened for a message, quoted as Python would (``'abc'``)."""
    s = str(value)
    return repr(s if len(s) <= width else s[: width - 1] + "…")
