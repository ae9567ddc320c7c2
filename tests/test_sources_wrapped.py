"""State_dicts inside dicts and whole models: lab checkpoints, the tutorial's RNNModel, prefixes, the load snippet."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
import torch
from torch import nn

from rnnviz import load_state_dict
from rnnviz.sources import SourceError, load_code
from tests.sources_models import RNNModel, make_module, safetensors_bytes, torch_bytes

VOCAB = "abcdefg"


def _same(a: nn.Module, b: nn.Module, x: torch.Tensor) -> None:
    with torch.no_grad():
        (out_a, h_a), (out_b, h_b) = a(x), b(x)
    torch.testing.assert_close(out_a, out_b, rtol=0, atol=0)
    for s, t in zip(h_a if isinstance(h_a, tuple) else (h_a,), h_b if isinstance(h_b, tuple) else (h_b,), strict=True):
        torch.testing.assert_close(s, t, rtol=0, atol=0)


@pytest.mark.parametrize("key", ["state_dict", "model", "model_state_dict", "anything"])
def test_a_dict_holding_a_state_dict(key):
    gru = make_module("GRU", input_size=3, hidden_size=4, num_layers=2)
    loaded, inference = load_state_dict(torch_bytes({key: gru.state_dict(), "epoch": 7, "optimizer": {"lr": 0.1}}))
    assert inference.container == (key,)
    assert f"found under the key '{key}'" in str(inference)
    _same(loaded, gru, torch.randn(5, 2, 3))


def test_a_lab_checkpoint_is_a_char_model_with_its_vocab_and_config():
    model = RNNModel("RNN_RELU", ntoken=len(VOCAB), ninp=5, nhid=6, nlayers=2).eval()  # only the config says relu
    checkpoint = {"state_dict": model.state_dict(), "config": {"nonlinearity": "relu", "dropout": 0.1}, "vocab": VOCAB}
    rnn, inference = load_state_dict(torch_bytes(checkpoint))
    assert inference.prefix == "rnn." and rnn.nonlinearity == "relu" and rnn.dropout == 0.1
    assert "from the checkpoint's config" in str(inference)
    char = inference.char
    assert char is not None and char.vocab == tuple(VOCAB) and char.vocab_size == len(VOCAB)
    assert (char.keys.encoder, char.keys.decoder, char.keys.decoder_bias) == (
        "encoder.weight",
        "decoder.weight",
        "decoder.bias",
    )
    tokens = torch.tensor([[0, 3], [1, 4], [6, 2]])  # [L, N]
    with torch.no_grad():
        logits, _ = model(tokens)
        ours = char.decoder(rnn(char.encoder(tokens))[0])  # embedding -> rnn -> decoder, rebuilt
    torch.testing.assert_close(ours, logits, rtol=0, atol=0)
    assert "encoder.weight [7, 5] embeds 7 tokens" in str(inference)
    assert not [m for m in inference.notes if m.key == "source.note.ignored"]


@pytest.mark.parametrize("kind", ["RNN", "GRU", "LSTM"])
@pytest.mark.parametrize("tie", [False, True])
def test_the_tutorials_rnnmodel(kind, tie):
    model = RNNModel(kind, ntoken=11, ninp=6, nhid=6, nlayers=2, tie_weights=tie).eval()
    rnn, inference = load_state_dict(torch_bytes(model.state_dict()))
    assert type(rnn) is type(model.rnn) and inference.prefix == "rnn."
    assert inference.char is not None and inference.char.vocab is None
    assert "No vocab in the file" in str(inference)
    _same(rnn, model.rnn, torch.randn(4, 3, 6))


def test_a_vocab_given_by_the_caller_is_checked_against_the_embedding():
    state = RNNModel("GRU", ntoken=3, ninp=2, nhid=4, nlayers=1).state_dict()
    _, inference = load_state_dict(state, vocab={"x": 0, "y": 1, "z": 2})
    assert inference.char.vocab == ("x", "y", "z") and "A char model" in str(inference)
    _, words = load_state_dict(state, vocab=["the", "cat", "sat"])
    assert "A token model" in str(words) and "not single characters" in str(words)
    with pytest.raises(SourceError, match="The vocab has 2 entries but encoder.weight has 3 rows"):
        load_state_dict(state, vocab="xy")
    with pytest.raises(SourceError, match="twice"):
        load_state_dict(state, vocab="xyx")


def test_several_recurrent_modules_are_listed_and_prefix_picks_one():
    enc, dec = make_module("LSTM", input_size=2, hidden_size=3), make_module("GRU", 1, input_size=3, hidden_size=2)
    state = {f"encoder.{k}": v for k, v in enc.state_dict().items()} | {
        f"decoder.rnn.{k}": v for k, v in dec.state_dict().items()
    }
    with pytest.raises(
        SourceError, match=r"several recurrent modules, under the prefixes 'encoder.', 'decoder.rnn.'"
    ) as e:
        load_state_dict(state)
    assert e.value.candidates == ("encoder.", "decoder.rnn.")
    gru, inference = load_state_dict(state, prefix="decoder.rnn")
    assert isinstance(gru, nn.GRU) and inference.candidates == ("encoder.", "decoder.rnn.")
    assert "left out: encoder.weight_ih_l0" in str(inference)
    _same(gru, dec, torch.randn(3, 1, 3))
    with pytest.raises(SourceError, match="No recurrent module under the prefix 'nope'"):
        load_state_dict(state, prefix="nope")


def test_dataparallel_prefix_and_a_module_object():
    lstm = make_module("LSTM", input_size=2, hidden_size=3, bidirectional=True)
    loaded, inference = load_state_dict({f"module.{k}": v for k, v in lstm.state_dict().items()})
    assert inference.prefix == "module."
    _same(loaded, lstm, torch.randn(2, 1, 2))
    again, _ = load_state_dict(lstm)
    _same(again, lstm, torch.randn(2, 1, 2))


@pytest.mark.parametrize("suffix", [".pt", ".pth", ".safetensors"])
def test_files_on_disk_and_file_objects(tmp_path, suffix):
    rnn = make_module("RNN", input_size=3, hidden_size=2, num_layers=2, bias=False)
    data = safetensors_bytes(rnn.state_dict()) if suffix == ".safetensors" else torch_bytes(rnn.state_dict())
    path = tmp_path / f"weights{suffix}"
    path.write_bytes(data)
    for src in (path, str(path), io.BytesIO(data), data):
        loaded, inference = load_state_dict(src)
        _same(loaded, rnn, torch.randn(4, 2, 3))
    assert inference.file_format == ("safetensors" if suffix == ".safetensors" else "torch")


def test_uploaded_bytes_are_never_written_to_disk(tmp_path, monkeypatch):
    """Loading bytes touches no file: run in an empty directory with an empty temp dir, both stay empty."""
    work, tmp = tmp_path / "cwd", tmp_path / "tmp"
    work.mkdir(), tmp.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("TMPDIR", str(tmp))
    upload = io.BytesIO(torch_bytes({"state_dict": RNNModel("LSTM", 5, 2, 3, 1).state_dict(), "vocab": "abcde"}))
    upload.name = "../../evil name.pt"
    load_state_dict(upload)
    assert list(work.iterdir()) == [] and list(tmp.iterdir()) == []


@pytest.mark.parametrize("kind", ["RNN", "GRU", "LSTM"])
@pytest.mark.parametrize("fmt", ["torch", "safetensors"])
def test_the_load_snippet_rebuilds_the_same_module(tmp_path, kind, fmt):
    model = RNNModel(kind, ntoken=5, ninp=3, nhid=4, nlayers=2).eval()
    state = model.state_dict()
    name = "it's mine.safetensors" if fmt == "safetensors" else "it's mine.pt"
    data = safetensors_bytes(state) if fmt == "safetensors" else torch_bytes({"state_dict": state, "vocab": "abcde"})
    rnn, inference = load_state_dict(data, batch_first=True)
    code = load_code(inference, name)
    assert repr(name) in code
    (tmp_path / name).write_bytes(data)
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        scope: dict = {}
        exec(compile(code, "snippet", "exec"), scope)  # the code the app shows
    finally:
        os.chdir(cwd)
    assert scope["rnn"].batch_first
    assert f"rnn = {inference.call()}" in code and inference.call().startswith(f"nn.{kind}(input_size=3, hidden_size=4")
    x = torch.randn(2, 4, 3)  # [N, L, input_size]
    _same(scope["rnn"], rnn, x)
    torch.testing.assert_close(scope["encoder"].weight, inference.char.encoder.weight, rtol=0, atol=0)
    torch.testing.assert_close(scope["decoder"].bias, inference.char.decoder.bias, rtol=0, atol=0)


def test_a_checkpoint_with_tensors_beside_the_state_dict():
    """{"step": tensor, "state_dict": ...}: the top level holds a tensor, but the recurrent module is inside."""
    rnn = make_module("RNN", input_size=2, hidden_size=2)
    loaded, inference = load_state_dict(torch_bytes({"step": torch.tensor(10), "state_dict": rnn.state_dict()}))
    assert inference.container == ("state_dict",)
    _same(loaded, rnn, torch.randn(3, 1, 2))


def test_the_cache_key_of_a_source_is_its_content_not_its_name():
    from rnnviz.sources import fingerprint

    a = torch_bytes(make_module("RNN", 0, input_size=2, hidden_size=2).state_dict())
    b = torch_bytes(make_module("RNN", 1, input_size=2, hidden_size=2).state_dict())
    assert fingerprint(a) == fingerprint(bytes(a)) != fingerprint(b)
    assert len(fingerprint(a)) == 64


def test_the_load_snippet_keeps_float64_when_asked(tmp_path, monkeypatch):
    model = RNNModel("LSTM", ntoken=4, ninp=2, nhid=3, nlayers=1).double()
    (tmp_path / "m.pt").write_bytes(torch_bytes(model.state_dict()))
    rnn, inference = load_state_dict(tmp_path / "m.pt", dtype=torch.float64)
    code = load_code(inference)
    assert "state = torch.load('m.pt'" in code and "dtype=torch.float64" in code
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    exec(compile(code, "snippet", "exec"), scope)
    assert scope["rnn"].weight_ih_l0.dtype == scope["decoder"].weight.dtype == torch.float64
    _same(scope["rnn"], rnn, torch.randn(2, 1, 2, dtype=torch.float64))
