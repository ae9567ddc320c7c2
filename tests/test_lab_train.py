"""Training, sampling and checkpoints of the lab against hand-written PyTorch."""

from __future__ import annotations

import copy
import io
import math
import os
import pickle
from dataclasses import replace

import pytest
import torch
from torch import nn

from rnnviz.lab import CELLS, LabConfig, Training, generate, load_checkpoint, run, to_bytes, top_predictions
from rnnviz.lab.checkpoint import CheckpointError
from rnnviz.lab.corpus import load_corpus
from rnnviz.lab.data import data_iter_consecutive
from rnnviz.lab.model import detach
from rnnviz.lab.train import bits, evaluate, val_every

CORPUS = load_corpus("syllables", 3000)
TINY = LabConfig(hidden_size=8, batch_size=4, num_steps=5, steps=12, lr=0.01, clip=1.0)


def _by_hand_rnn(params: dict[str, torch.Tensor], X: torch.Tensor, Y: torch.Tensor, h: torch.Tensor):
    """The tutorial's model written out: embedding rows, h_t = tanh(W_ih x_t + b_ih + W_hh h + b_hh), logits,
    mean cross-entropy -log softmax[y]."""
    losses = []
    for t in range(X.shape[1]):
        x = params["embedding.weight"][X[:, t]]  # [batch, H]
        h = torch.tanh(x @ params["rnn.weight_ih_l0"].T + params["rnn.bias_ih_l0"]
                       + h @ params["rnn.weight_hh_l0"].T + params["rnn.bias_hh_l0"])  # fmt: skip
        logits = h @ params["dense.weight"].T + params["dense.bias"]  # [batch, vocab]
        losses.append(-torch.log_softmax(logits, dim=-1).gather(1, Y[:, t : t + 1]).squeeze(1))
    return torch.stack(losses).mean(), h


def test_one_training_step_equals_a_hand_written_step():
    t = Training(replace(TINY, cell="rnn", clip=0.05), CORPUS)  # a small clip: clipping happens
    start = {k: v.detach().clone().requires_grad_(True) for k, v in t.model.named_parameters()}
    X, Y = next(data_iter_consecutive(t.train_idx, TINY.batch_size, TINY.num_steps))
    loss, _ = _by_hand_rnn(start, X, Y, torch.zeros(TINY.batch_size, TINY.hidden_size))
    loss.backward()
    norm = torch.sqrt(sum((p.grad**2).sum() for p in start.values()))
    record = t.step()
    assert record.train_loss == pytest.approx(float(loss.detach()), rel=1e-5)
    assert record.grad_norm == pytest.approx(float(norm), rel=1e-5)  # recorded before clipping
    scale = min(1.0, 0.05 / (float(norm) + 1e-6))
    assert scale < 1
    for name, p in t.model.named_parameters():
        g = start[name].grad * scale  # clip_grad_norm_ scales every gradient by max_norm / norm
        torch.testing.assert_close(p.grad, g, rtol=1e-4, atol=1e-6)
        # Adam's first step: m^ = g, v^ = g^2, so p <- p - lr * g / (|g| + eps)
        torch.testing.assert_close(p.detach(), start[name].detach() - 0.01 * g / (g.abs() + 1e-8), rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("cell", CELLS)
def test_hidden_state_is_carried_detached_between_consecutive_minibatches(cell):
    t = Training(replace(TINY, cell=cell), CORPUS)
    t.step()
    carried = detach(t.state)
    model = copy.deepcopy(t.model)
    _, X, Y = None, *list(data_iter_consecutive(t.train_idx, TINY.batch_size, TINY.num_steps))[1]
    logits, _ = model(X, carried)
    expected = nn.functional.cross_entropy(logits, Y.T.reshape(-1))
    record = t.step()
    assert record.train_loss == pytest.approx(float(expected), rel=1e-5)
    for s in carried if isinstance(carried, tuple) else (carried,):
        assert s.grad_fn is None and not s.requires_grad  # the gradient is cut at the window's border


def test_random_sampling_resets_the_state_every_minibatch():
    t = Training(replace(TINY, cell="gru", sampling="random"), CORPUS)
    t.step()
    model = copy.deepcopy(t.model)
    import random as _random

    from rnnviz.lab.data import data_iter_random

    X, Y = list(data_iter_random(t.train_idx, TINY.batch_size, TINY.num_steps, _random.Random(TINY.seed)))[1]
    logits, _ = model(X, None)
    record = t.step()
    assert record.train_loss == pytest.approx(float(nn.functional.cross_entropy(logits, Y.T.reshape(-1))), rel=1e-5)


def test_shapes_are_the_tutorials():
    t = Training(replace(TINY, cell="lstm", num_layers=2), CORPUS)
    X, _ = next(data_iter_consecutive(t.train_idx, 4, 5))
    assert X.shape == (4, 5)  # [batch_size, num_steps]
    assert t.model.embedding(X.T).shape == (5, 4, 8)  # [num_steps, batch_size, hidden]
    logits, (h, c) = t.model(X)
    assert logits.shape == (5 * 4, len(t.vocab)) and h.shape == c.shape == (2, 4, 8)


@pytest.mark.parametrize("cell", CELLS)
def test_same_seed_same_run_other_seed_other_run(cell):
    config = replace(TINY, cell=cell, dropout=0.2)
    a, b = Training(config, CORPUS), Training(config, CORPUS)
    c = Training(replace(config, seed=1), CORPUS)
    for t in (a, b, c):
        run([t], 6)
    assert [r.train_loss for r in a.steps] == [r.train_loss for r in b.steps]
    assert [v.val_loss for v in a.vals] == [v.val_loss for v in b.vals]
    assert a.vals[-1].sample == b.vals[-1].sample
    assert [r.train_loss for r in a.steps] != [r.train_loss for r in c.steps]


def test_run_validates_every_tenth_and_at_the_end_and_can_stop():
    t = Training(TINY, CORPUS)
    assert run([t], 25)
    assert [v.step for v in t.vals] == [0, *range(2, 25, 2), 25]
    assert val_every(25) == 2
    s = Training(TINY, CORPUS)
    assert not run([s], 25, stop=lambda: s.done >= 7)
    assert s.done == 7 and s.vals[-1].step == 7  # a stopped run is validated where it stopped


def test_training_learns_the_syllable_table():
    t = Training(LabConfig(cell="gru", steps=150), load_corpus("syllables", 10**6))
    run([t], 150)
    first, last = t.vals[0].val_loss, t.vals[-1].val_loss
    assert first == pytest.approx(math.log(len(t.vocab)), rel=0.15)  # untrained: about uniform
    assert bits(last) < 3.0 < bits(first)


def test_evaluate_is_the_mean_cross_entropy_of_the_next_character():
    t = Training(TINY, CORPUS)
    idx = t.val_idx[:101]
    logits, _ = t.model(idx[:-1].view(1, -1))
    expected = nn.functional.cross_entropy(logits, idx[1:])
    assert evaluate(t.model, idx) == pytest.approx(float(expected), rel=1e-5)


# --- sampling ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def trained() -> Training:
    t = Training(replace(TINY, cell="lstm", hidden_size=16), CORPUS)
    run([t], 40)
    return t


def test_greedy_sampling_takes_the_argmax_each_time(trained):
    m, v = trained.model, trained.vocab
    out = generate(m, v, "ma", 10, greedy=True)
    assert out.startswith("ma") and len(out) == 12
    idx = v.encode("ma")
    for _ in range(10):
        logits, _ = m(torch.tensor([idx]))
        idx.append(int(logits[-1].argmax()))
    assert out == v.decode(idx)
    assert generate(m, v, "ma", 10, top_k=1, seed=3) == out  # top-1 is greedy


def test_sampling_is_seeded_and_checks_its_prefix(trained):
    m, v = trained.model, trained.vocab
    assert generate(m, v, "a", 50, temperature=1.5, seed=1) == generate(m, v, "a", 50, temperature=1.5, seed=1)
    assert generate(m, v, "a", 50, seed=1) != generate(m, v, "a", 50, seed=2)
    with pytest.raises(ValueError):
        generate(m, v, "", 5)
    with pytest.raises(ValueError, match="Q"):
        generate(m, v, "Qa", 5)


def test_top_predictions_are_the_softmax_top_k(trained):
    m, v = trained.model, trained.vocab
    preds = top_predictions(m, v, "zhong ")
    logits, _ = m(torch.tensor([v.encode("zhong ")]))
    probs = torch.softmax(logits, -1)
    assert [p.seen for p in preds] == list("zhong ") and preds[0].actual == "h" and preds[-1].actual is None
    for i, p in enumerate(preds):
        assert len(p.top) == 5
        assert [q for _, q in p.top] == sorted((q for _, q in p.top), reverse=True)
        assert p.top[0] == (v.idx_to_char[int(probs[i].argmax())], pytest.approx(float(probs[i].max())))


# --- checkpoints -------------------------------------------------------------------------------------------
def test_checkpoint_round_trip_with_weights_only(trained, tmp_path):
    data = to_bytes(trained.model, trained.config, trained.vocab)
    raw = torch.load(io.BytesIO(data), weights_only=True)
    assert set(raw) == {"state_dict", "config", "vocab"}
    assert all(type(v) in (str, int, float) for v in raw["config"].values())
    model, config, vocab = load_checkpoint(data)
    assert config == trained.config and vocab == trained.vocab
    x = torch.tensor([vocab.encode("ma ma")])
    torch.testing.assert_close(model(x)[0], trained.model.eval()(x)[0])
    path = tmp_path / "model.pt"
    path.write_bytes(data)
    assert load_checkpoint(path)[1] == config


class _Evil:
    def __reduce__(self):
        return (os.system, ("touch " + os.environ.get("EVIL_MARK", "/tmp/rnnviz_evil_mark"),))


def test_a_checkpoint_never_runs_code(tmp_path, monkeypatch):
    mark = tmp_path / "ran"
    monkeypatch.setenv("EVIL_MARK", str(mark))
    evil = pickle.dumps({"state_dict": _Evil(), "config": {}, "vocab": ["a"]})
    for payload in (evil, b"not a torch file", b""):
        with pytest.raises(CheckpointError):
            load_checkpoint(payload)
    assert not mark.exists()


def test_bad_checkpoints_say_what_is_wrong(trained):
    def saved(obj) -> bytes:
        buf = io.BytesIO()
        torch.save(obj, buf)
        return buf.getvalue()

    good = torch.load(io.BytesIO(to_bytes(trained.model, trained.config, trained.vocab)), weights_only=True)
    cases = {
        "keys": {"state_dict": good["state_dict"]},
        "config": {**good, "config": {**good["config"], "hidden_size": "big"}},
        "vocab": {**good, "vocab": ["ab"]},
        "weights": {**good, "config": {**good["config"], "hidden_size": 3}},
    }
    for code, obj in cases.items():
        with pytest.raises(CheckpointError) as err:
            load_checkpoint(saved(obj))
        assert err.value.code == code
    with pytest.raises(CheckpointError) as err:
        load_checkpoint("/no/such/file.pt")
    assert err.value.code == "unreadable"


def test_evaluate_in_chunks_equals_one_pass(monkeypatch):
    import rnnviz.lab.train as train

    t = Training(TINY, CORPUS)
    whole = evaluate(t.model, t.val_idx)
    monkeypatch.setattr(train, "VAL_CHUNK", 7)  # the state carried from chunk to chunk
    assert evaluate(t.model, t.val_idx) == pytest.approx(whole, rel=1e-5)


def test_stacked_dropout_run_alone_is_reproducible():
    config = replace(TINY, cell="gru", num_layers=2, dropout=0.3)
    a, b = Training(config, CORPUS), Training(config, CORPUS)
    run([a], 5)
    run([b], 5)
    assert [r.train_loss for r in a.steps] == [r.train_loss for r in b.steps]
