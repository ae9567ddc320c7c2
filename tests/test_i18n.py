"""The catalogue: every rnnviz.i18n module has the same keys in EN and ZH, no empty strings, the same placeholders."""

import importlib
import pkgutil
import re
import string
from pathlib import Path

import pytest

import rnnviz.i18n as i18n
from rnnviz.i18n import CATALOGUE, text

ROOT = Path(__file__).resolve().parents[1]
MODULES = [importlib.import_module(f"rnnviz.i18n.{m.name}") for m in pkgutil.iter_modules(i18n.__path__)]
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_en_and_zh_hold_the_same_keys(module):
    assert set(module.EN) == set(module.ZH), {
        "only EN": set(module.EN) - set(module.ZH),
        "only ZH": set(module.ZH) - set(module.EN),
    }


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_no_empty_strings(module):
    for lang in ("EN", "ZH"):
        empty = [k for k, v in getattr(module, lang).items() if not isinstance(v, str) or not v.strip()]
        assert not empty, f"{module.__name__}.{lang}: {empty}"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_placeholders_match(module):
    differ = {
        k: (_fields(v), _fields(module.ZH[k]))
        for k, v in module.EN.items()
        if k in module.ZH and _fields(v) != _fields(module.ZH[k])
    }
    assert not differ


def test_every_module_is_in_the_catalogue_and_keys_do_not_collide():
    keys = [k for m in MODULES for k in m.EN]
    assert len(keys) == len(set(keys)), {k for k in keys if keys.count(k) > 1}
    assert set(CATALOGUE["en"]) == set(keys) == set(CATALOGUE["zh"])


def test_chinese_is_translated_except_code():
    """A ZH string without Chinese characters must be the EN string itself (code such as 'batch_first')."""
    untranslated = {k: v for k, v in CATALOGUE["zh"].items() if not CJK.search(v) and v != CATALOGUE["en"][k]}
    assert not untranslated
    assert not [k for k, v in CATALOGUE["en"].items() if CJK.search(v)]


def test_every_key_the_code_asks_for_exists():
    """Literal keys in text(lang, "...") / tr("...") calls across rnnviz/ and app.py are in the catalogue
    (keys built at run time, "prefix." + name or f-strings, are not checked here)."""
    call = re.compile(r"""\b(?:text\([^,()]+,\s*|tr\(\s*)["']([a-z_]+\.[A-Za-z0-9_.]+)["'](?!\s*\+)""")
    files = [*ROOT.joinpath("rnnviz").rglob("*.py"), ROOT / "app.py"]
    used = {(f.relative_to(ROOT).as_posix(), key) for f in files if f.exists() for key in call.findall(f.read_text())}
    assert used, "the pattern found no keys at all"
    missing = sorted((f, k) for f, k in used if k not in CATALOGUE["en"])
    assert not missing


def test_text_formats_and_falls_back():
    assert text("zh", "caption.seq_len", n=3) == "序列长度 3"
    assert text("fr", "caption.seq_len", n=3) == "seq_len 3"  # unknown language: English
    assert text("en", "no.such.key") == "no.such.key"
