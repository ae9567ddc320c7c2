"""Text for a char model: UTF-8 or refused, encoded with the vocab, unknown characters reported (never silently)."""

from __future__ import annotations

import pytest
import torch

from rnnviz import Limits, load_state_dict
from rnnviz.sources import SourceError, decode_text, encode_text
from tests.sources_models import RNNModel, torch_bytes

VOCAB = tuple("helo wrd\n")


def test_text_is_encoded_with_the_vocab():
    encoded = encode_text("hello\nworld", VOCAB)
    assert encoded.indices.tolist() == [VOCAB.index(c) for c in "hello\nworld"] and not encoded.unknown
    assert encoded.indices.dtype == torch.long
    assert encode_text("\ufeffhe".encode(), VOCAB).text == "he"  # a UTF-8 BOM is not a character of the text


def test_unknown_characters_are_named_with_where_they_are():
    with pytest.raises(SourceError) as err:
        encode_text("hello\nWorld!!", VOCAB)
    msg = str(err.value)
    assert "3 character(s) are not in the model's vocab" in msg
    assert "'W' @ 2:1" in msg and "'!' ×2 @ 2:6, 2:7" in msg
    assert "词表" in err.value.text("zh")


def test_unknown_characters_dropped_only_on_request_and_listed():
    encoded = encode_text("héllo", VOCAB, unknown="drop")
    assert encoded.text == "hllo" and len(encoded.indices) == 4
    assert [(u.char, u.count, u.where) for u in encoded.unknown] == [("é", 1, ((1, 2),))]
    with pytest.raises(SourceError, match="The text is empty"):
        encode_text("ÉÉÉ", VOCAB, unknown="drop")  # nothing left


@pytest.mark.parametrize(
    ("src", "match"),
    [
        ("", "The text is empty"),
        (" \n\t", "The text is empty"),
        (b"", "The text is empty"),
        (b"abc\x00def", "not text: it holds control bytes"),
        (bytes(range(1, 40)) * 3, "not text: it holds control bytes"),
        (b"caf\xe9", r"not UTF-8 text: byte 0xe9 at position 3"),
        ("héllo".encode("utf-16"), "not"),
    ],
)
def test_empty_binary_and_non_utf8_text_are_refused(src, match):
    with pytest.raises(SourceError, match=match):
        decode_text(src)
    with pytest.raises(SourceError, match=match):
        encode_text(src, VOCAB)


def test_a_word_vocab_cannot_encode_characters():
    with pytest.raises(SourceError, match="'hello', which is not a single character"):
        encode_text("hello", ("hello", "world"))


def test_text_over_the_seq_len_cap():
    with pytest.raises(SourceError, match="seq_len is 5, above this server's cap of 4"):
        encode_text("hello", VOCAB, limits=Limits(seq_len=4))


def test_a_lab_checkpoint_runs_typed_text_end_to_end():
    model = RNNModel("GRU", ntoken=len(VOCAB), ninp=4, nhid=5, nlayers=1).eval()
    rnn, inference = load_state_dict(torch_bytes({"state_dict": model.state_dict(), "vocab": list(VOCAB)}))
    encoded = encode_text("hello world", inference.char.vocab)
    tokens = encoded.indices.unsqueeze(1)  # [L, 1]
    with torch.no_grad():
        want, _ = model(tokens)
        got = inference.char.decoder(rnn(inference.char.encoder(tokens))[0])
    torch.testing.assert_close(got, want, rtol=0, atol=0)
