"""The lab's corpora and data pipeline: the pinyin table's rules, the user's text, the vocabulary, minibatches."""

from __future__ import annotations

import random

import pytest
import torch

from rnnviz.lab.corpus import (
    MIN_CHARS,
    VAL_FRACTION,
    CorpusError,
    head_of_upload,
    load_corpus,
    own_text,
    prose_text,
    python_text,
    spell,
    syllable_text,
    syllables,
    with_tone,
)  # fmt: skip
from rnnviz.lab.data import Vocab, data_iter_consecutive, data_iter_random, minibatches, minibatches_per_epoch


# --- corpora ---------------------------------------------------------------------------------------------
def test_syllable_table_follows_the_pinyin_rules():
    s = set(syllables())
    assert 390 <= len(s) <= 420  # Mandarin has about 400 toneless syllables
    assert {"zhong", "lü", "nüe", "jue", "xuan", "yuan", "wen", "you", "yi", "wu", "yu", "zhi", "si", "er"} <= s
    assert not {"shong", "jü", "qü", "xü", "bü", "gi", "ki", "hi", "zhia", "fong", "ia", "u", "ui"} & s
    assert not any(x in syl for syl in s for x in ("jü", "qü", "xü"))  # ü is written u after j, q, x


@pytest.mark.parametrize(
    ("initial", "final", "spelt"),
    [("", "ia", "ya"), ("", "i", "yi"), ("", "ing", "ying"), ("", "ü", "yu"), ("", "üan", "yuan"), ("", "uo", "wo"),
     ("", "ui", "wei"), ("", "iu", "you"), ("j", "ü", "ju"), ("n", "ü", "nü"), ("zh", "-i", "zhi"), ("g", "ui", "gui")],
)  # fmt: skip
def test_spelling_rules(initial, final, spelt):
    assert spell(initial, final) == spelt


@pytest.mark.parametrize(
    ("syllable", "tone", "marked"),
    [("hao", 3, "hǎo"), ("zhou", 1, "zhōu"), ("liu", 2, "liú"), ("gui", 4, "guì"), ("lüe", 4, "lüè"), ("nü", 3, "nǚ"),
     ("xue", 2, "xué"), ("er", 4, "èr"), ("zhi", 1, "zhī")],
)  # fmt: skip
def test_tone_marks_sit_on_the_right_vowel(syllable, tone, marked):
    assert with_tone(syllable, tone) == marked


def test_syllable_text_has_one_line_per_syllable_with_its_four_tones():
    lines = syllable_text().splitlines()
    assert len(lines) == len(syllables())
    for line in lines:
        bare, *tones = line.split(" ")
        assert tones == [with_tone(bare, t) for t in (1, 2, 3, 4)]
    assert syllable_text() == syllable_text()  # the fixed order


def test_builtin_corpora_are_offline_text():
    from pydoc_data.topics import topics

    assert topics["if"].strip() in prose_text()
    assert len(prose_text()) > 100_000
    src = python_text()
    assert "def " in src and "import " in src
    c = load_corpus("prose", 5000)
    assert len(c.text) == 5000 and c.truncated


def test_train_validation_split_is_the_last_tenth():
    c = load_corpus("syllables", 10**6)
    assert c.train_text + c.val_text == c.text
    assert len(c.val_text) == len(c.text) - int(len(c.text) * (1 - VAL_FRACTION))


@pytest.mark.parametrize(
    ("data", "code"),
    [(b"", "empty"), ("   \n ", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"), ("ab\x01" * 100, "binary"),
     ("é".encode("latin-1") * 300, "encoding"), ("short text", "short")],
)  # fmt: skip
def test_own_text_refuses_what_it_cannot_train_on(data, code):
    with pytest.raises(CorpusError) as err:
        load_corpus("own", 10_000, data)
    assert err.value.code == code


def test_own_text_is_utf8_and_capped():
    text = "春眠不觉晓，处处闻啼鸟。\n" * 100
    assert own_text(text.encode("utf-8")) == text
    c = load_corpus("own", 500, text.encode("utf-8-sig"))
    assert c.text == text[:500] and c.truncated
    assert len(text) >= MIN_CHARS


def test_an_upload_cut_at_the_cap_keeps_whole_characters():
    text = "春眠不觉晓，处处闻啼鸟。\n" * 100  # 3 bytes a character
    data = text.encode("utf-8")
    for cap in (250, 251, 252):  # the cut at 4 * cap bytes falls at each place inside a character
        head = head_of_upload(data, cap)
        assert len(head) <= 4 * cap and text.startswith(head.decode("utf-8"))
        corpus = load_corpus("own", cap, head)
        assert corpus.text == text[:cap] and corpus.truncated
    assert head_of_upload(data, 10**6) == data
    bad = b"\xff" + b"a" * 2000  # a real encoding error still says where
    with pytest.raises(CorpusError) as err:
        load_corpus("own", 300, head_of_upload(bad, 300))
    assert err.value.code == "encoding" and err.value.kwargs["position"] == 0


# --- vocabulary and minibatches --------------------------------------------------------------------------
def test_vocab_round_trip_and_unknown_characters():
    v = Vocab.from_text("hello world")
    assert v.idx_to_char == tuple(sorted(set("hello world")))
    assert v.decode(v.encode("hello")) == "hello"
    with pytest.raises(ValueError, match="xz"):
        v.encode("zax")
    assert v.unknown("zaxzz") == "axz" and v.unknown("hello") == "" and v.unknown("") == ""


def test_consecutive_streams_and_windows_as_the_tutorial():
    corpus = list(range(30))
    batches = list(data_iter_consecutive(corpus, batch_size=2, num_steps=6))
    # two streams: 0..14 and 15..29; windows of 6 with the target one to the right
    assert len(batches) == (15 - 1) // 6 == minibatches_per_epoch(30, 2, 6, "consecutive")
    X0, Y0 = batches[0]
    assert X0.tolist() == [list(range(0, 6)), list(range(15, 21))]
    assert Y0.tolist() == [list(range(1, 7)), list(range(16, 22))]
    X1, _ = batches[1]
    assert X1[:, 0].tolist() == [6, 21]  # window i+1 of each row continues window i: h can be carried
    assert all(X.shape == (2, 6) for X, _ in batches)


def test_random_windows_cover_the_text_once_per_epoch():
    corpus = torch.arange(61)
    batches = list(data_iter_random(corpus, 3, 5, random.Random(0)))
    assert len(batches) == ((61 - 1) // 5) // 3 == minibatches_per_epoch(61, 3, 5, "random")
    starts = sorted(int(X[b, 0]) for X, _ in batches for b in range(3))
    assert len(set(starts)) == len(starts) and all(s % 5 == 0 for s in starts)
    for X, Y in batches:
        torch.testing.assert_close(Y, X + 1)  # the next character
    again = list(data_iter_random(corpus, 3, 5, random.Random(0)))
    assert all(torch.equal(a[0], b[0]) for a, b in zip(batches, again, strict=True))


def test_minibatches_run_epoch_after_epoch():
    it = minibatches(list(range(30)), 2, 6, "consecutive", random.Random(0))
    epochs = [next(it)[0] for _ in range(5)]
    assert epochs == [0, 0, 1, 1, 2]
    with pytest.raises(ValueError):
        next(minibatches(list(range(5)), 2, 6, "consecutive", random.Random(0)))
