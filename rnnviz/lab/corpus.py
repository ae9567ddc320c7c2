"""The lab's corpora, all offline: a pinyin syllable table built from rules, Python's docs, stdlib source, your text."""

from __future__ import annotations

import importlib.util
import random
from dataclasses import dataclass
from pathlib import Path

CORPORA = ("syllables", "prose", "python", "own")  # "own": text the user pastes or uploads
VAL_FRACTION = 0.1  # the last 10% of the text is the validation set, the first 90% the training set
PYTHON_MODULES = ("textwrap", "string", "bisect", "heapq", "fnmatch", "shlex", "glob", "colorsys", "queue", "sched")

# --- the Mandarin syllable table ---------------------------------------------------------------------
# The facts of pinyin: which initials each final combines with ("" = no initial). The i / u / ü finals
# are respelt without an initial (i -> yi, ia -> ya, u -> wu, ü -> yu ...) and ü is written u after j, q, x.
INITIALS = "b p m f d t n l g k h j q x zh ch sh r z c s".split()
_BPMF, _DTNL, _GKH, _RETRO, _DENT, _JQX = "b p m f", "d t n l", "g k h", "zh ch sh r", "z c s", "j q x"
FINALS: dict[str, str] = {
    "a": f"- {_BPMF} {_DTNL} {_GKH} zh ch sh {_DENT}",
    "o": f"- {_BPMF}",
    "e": f"- m {_DTNL} {_GKH} {_RETRO} {_DENT}",
    "ai": f"- b p m {_DTNL} {_GKH} zh ch sh {_DENT}",
    "ei": "- b p m f d n l g h sh z",
    "ao": f"- b p m {_DTNL} {_GKH} {_RETRO} {_DENT}",
    "ou": f"- p m f {_DTNL} {_GKH} {_RETRO} {_DENT}",
    "an": f"- {_BPMF} {_DTNL} {_GKH} {_RETRO} {_DENT}",
    "en": f"- {_BPMF} n {_GKH} {_RETRO} {_DENT}",
    "ang": f"- {_BPMF} {_DTNL} {_GKH} {_RETRO} {_DENT}",
    "eng": f"{_BPMF} {_DTNL} {_GKH} {_RETRO} {_DENT}",
    "ong": f"{_DTNL} {_GKH} zh ch r {_DENT}",  # no shong
    "er": "-",
    "-i": f"{_RETRO} {_DENT}",  # the "buzzed" i of zhi chi shi ri zi ci si
    "i": f"- b p m {_DTNL} {_JQX}",
    "ia": f"- l {_JQX}",
    "ie": f"- b p m {_DTNL} {_JQX}",
    "iao": f"- b p m {_DTNL} {_JQX}",
    "iu": f"- m d n l {_JQX}",
    "ian": f"- b p m {_DTNL} {_JQX}",
    "in": f"- b p m n l {_JQX}",
    "iang": f"- n l {_JQX}",
    "ing": f"- b p m {_DTNL} {_JQX}",
    "iong": f"- {_JQX}",
    "u": f"- {_BPMF} {_DTNL} {_GKH} {_RETRO} {_DENT}",
    "ua": f"- {_GKH} zh sh",
    "uo": f"- {_DTNL} {_GKH} {_RETRO} {_DENT}",
    "uai": f"- {_GKH} zh ch sh",
    "ui": f"- d t {_GKH} {_RETRO} {_DENT}",
    "uan": f"- {_DTNL} {_GKH} {_RETRO} {_DENT}",
    "un": f"- d t l {_GKH} {_RETRO} {_DENT}",
    "uang": f"- {_GKH} zh ch sh",
    "ueng": "-",
    "ü": f"- n l {_JQX}",
    "üe": f"- n l {_JQX}",
    "üan": f"- {_JQX}",
    "ün": f"- {_JQX}",
}
_ZERO = {"i": "yi", "in": "yin", "ing": "ying", "u": "wu", "ü": "yu", "üe": "yue", "üan": "yuan", "ün": "yun",
         "iu": "you", "ui": "wei", "un": "wen", "ueng": "weng"}  # fmt: skip
_TONES = {"a": "āáǎà", "e": "ēéěè", "i": "īíǐì", "o": "ōóǒò", "u": "ūúǔù", "ü": "ǖǘǚǜ"}


def spell(initial: str, final: str) -> str:
    """The pinyin spelling of initial + final: ('', 'ia') -> 'ya', ('j', 'ü') -> 'ju', ('zh', '-i') -> 'zhi'."""
    if final == "-i":
        return initial + "i"
    if not initial:
        if final in _ZERO:
            return _ZERO[final]
        if final[0] == "i":
            return "y" + final[1:]
        if final[0] == "u":
            return "w" + final[1:]
        return final
    if initial in ("j", "q", "x") and final.startswith("ü"):
        final = "u" + final[1:]
    return initial + final


def syllables() -> list[str]:
    """Every syllable of the table (about 400), grouped by final in table order."""
    out = []
    for final, initials in FINALS.items():
        for initial in initials.split():
            out.append(spell("" if initial == "-" else initial, final))
    return list(dict.fromkeys(out))


def with_tone(syllable: str, tone: int) -> str:
    """The tone mark on the right vowel: a or e takes it, else the o of ou, else the last vowel."""
    if tone not in (1, 2, 3, 4):
        return syllable
    vowels = [i for i, ch in enumerate(syllable) if ch in _TONES]
    if not vowels:
        return syllable
    pos = next((i for i in vowels if syllable[i] in "ae"), None)
    if pos is None:
        pos = syllable.index("o") if "ou" in syllable else vowels[-1]
    return syllable[:pos] + _TONES[syllable[pos]][tone - 1] + syllable[pos + 1 :]


SYLLABLE_ORDER_SEED = 0  # the lines come in one fixed shuffled order, so the last 10% (validation) is a fair sample


def syllable_text() -> str:
    """The table as text: one line per syllable, the bare spelling and then its four tones
    ("ma mā má mǎ mà"), the lines in a fixed shuffled order (seed SYLLABLE_ORDER_SEED)."""
    lines = [f"{s} " + " ".join(with_tone(s, t) for t in (1, 2, 3, 4)) + "\n" for s in syllables()]
    random.Random(SYLLABLE_ORDER_SEED).shuffle(lines)
    return "".join(lines)


# --- English prose and Python source that every CPython ships --------------------------------------------
def prose_text() -> str:
    """The text of Python's documentation topics (pydoc_data.topics, as in `help('if')`), in a fixed order."""
    from pydoc_data.topics import topics

    return "\n".join(topics[k].strip() + "\n" for k in sorted(topics))


def python_text() -> str:
    """The source of a few standard-library modules as installed (PYTHON_MODULES), one after the other."""
    parts = []
    for name in PYTHON_MODULES:
        spec = importlib.util.find_spec(name)
        if spec and spec.origin and spec.origin.endswith(".py"):
            parts.append(Path(spec.origin).read_text(encoding="utf-8"))
    return "\n".join(parts)


# --- the user's own text ----------------------------------------------------------------------------------
class CorpusError(ValueError):
    """Text the lab cannot train on: ``code`` names the catalogue message (lab.corpus_error.<code>)."""

    def __init__(self, code: str, **kwargs: object):
        super().__init__(code)
        self.code, self.kwargs = code, kwargs


MIN_CHARS = 200  # fewer characters than this cannot fill a minibatch and a validation set


MAX_BYTES_PER_CHAR = 4  # UTF-8: an upload longer than 4 bytes per character of the cap is read in part


def head_of_upload(data: bytes, max_chars: int) -> bytes:
    """The first MAX_BYTES_PER_CHAR * ``max_chars`` bytes of an upload (enough for ``max_chars`` characters),
    cut at a character boundary: a UTF-8 character split by the cut is dropped, not reported as bad text."""
    head = data[: MAX_BYTES_PER_CHAR * max_chars]
    if len(head) == len(data):
        return head
    for drop in range(4):  # a UTF-8 character is at most 4 bytes: at most 3 of it can hang over the cut
        try:
            head[: len(head) - drop].decode("utf-8")
            return head[: len(head) - drop]
        except UnicodeDecodeError as err:
            if err.reason != "unexpected end of data":  # bad bytes inside: own_text reports where
                return head
    return head


def own_text(data: bytes | str) -> str:
    """The user's text: UTF-8, not binary, at least MIN_CHARS characters (the caller caps its length).

    Raises CorpusError('empty' | 'binary' | 'encoding' | 'short')."""
    if isinstance(data, bytes):
        if b"\x00" in data[:65536]:
            raise CorpusError("binary")
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise CorpusError("encoding", position=err.start) from None
    data = data.replace("\r\n", "\n")
    if not data.strip():
        raise CorpusError("empty")
    if sum(ch < " " and ch not in "\n\t" for ch in data[:65536]) > 0.01 * min(len(data), 65536):
        raise CorpusError("binary")
    if len(data) < MIN_CHARS:
        raise CorpusError("short", n=len(data), min=MIN_CHARS)
    return data


@dataclass(frozen=True)
class Corpus:
    """A text cut into a training part and a validation part (the last VAL_FRACTION of it)."""

    name: str  # syllables | prose | python | own
    text: str  # the whole text, after the length cap
    truncated: bool  # the source was longer than the cap

    @property
    def split(self) -> int:
        """Where validation starts: text[:split] trains, text[split:] validates."""
        return int(len(self.text) * (1 - VAL_FRACTION))

    @property
    def train_text(self) -> str:
        return self.text[: self.split]

    @property
    def val_text(self) -> str:
        return self.text[self.split :]


def load_corpus(name: str, max_chars: int, data: bytes | str | None = None) -> Corpus:
    """The corpus ``name`` (one of CORPORA; "own" reads ``data``), cut at ``max_chars`` characters."""
    if name == "own":
        full = own_text(data if data is not None else "")
    elif name in BUILDERS:
        full = BUILDERS[name]()
    else:
        raise CorpusError("unknown", name=name, allowed=", ".join(CORPORA))
    return Corpus(name, full[:max_chars], truncated=len(full) > max_chars)


BUILDERS = {"syllables": syllable_text, "prose": prose_text, "python": python_text}
