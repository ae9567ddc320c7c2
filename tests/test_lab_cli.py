"""``python -m rnnviz train`` and ``sample``: the files they write, what they print, Ctrl-C, and their errors."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import rnnviz.lab.cli as lab_cli
from rnnviz.cli import main
from rnnviz.lab import load_checkpoint
from rnnviz.limits import Limits

ROOT = Path(__file__).resolve().parents[1]
SMALL = ["--steps", "20", "--hidden-size", "8", "--batch-size", "4", "--num-steps", "5"]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_train_writes_the_model_and_the_metrics(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["train", "--cell", "lstm", "--corpus", "syllables", *SMALL, "--lr", "0.02", "--clip", "2",
                 "--seed", "3", "--out", str(out)]) == 0  # fmt: skip
    rows = _rows(out / "metrics.csv")
    assert list(rows[0]) == ["step", "train_loss", "val_loss"]
    assert [int(r["step"]) for r in rows] == list(range(21))
    measured = [int(r["step"]) for r in rows if r["val_loss"]]
    assert measured[0] == 0 and measured[-1] == 20
    assert max(b - a for a, b in zip(measured, measured[1:], strict=False)) <= 2  # at least every 10%
    assert all(float(r["train_loss"]) > 0 for r in rows[1:])
    model, config, vocab = load_checkpoint(out / "model.pt")
    assert (config.cell, config.hidden_size, config.lr, config.clip, config.seed) == ("lstm", 8, 0.02, 2.0, 3)
    err = capsys.readouterr().err
    assert "steps/s" in err and "ETA" in err and "20/20" in err


def test_sample_prints_the_prefix_and_the_text(tmp_path, capsys):
    out = tmp_path / "run"
    main(["train", *SMALL, "--out", str(out)])
    capsys.readouterr()
    args = ["sample", "--checkpoint", str(out / "model.pt"), "--prefix", "ma", "--length", "30", "--seed", "1"]
    assert main([*args, "--temperature", "0.5"]) == 0
    first = capsys.readouterr().out
    assert first.startswith("ma") and len(first.rstrip("\n")) == 32
    main([*args, "--temperature", "0.5"])
    assert capsys.readouterr().out == first  # seeded
    assert main([*args, "--greedy"]) == 0 and main([*args, "--top-k", "1"]) == 0
    greedy, top1 = capsys.readouterr().out.split("\n")[:2]
    assert greedy == top1


def test_train_on_a_text_file(tmp_path):
    corpus = tmp_path / "poem.txt"
    corpus.write_text("the quick brown fox jumps over the lazy dog.\n" * 20, encoding="utf-8")
    assert main(["train", "--corpus", str(corpus), *SMALL, "--out", str(tmp_path / "o")]) == 0
    _, config, vocab = load_checkpoint(tmp_path / "o" / "model.pt")
    assert config.corpus == "own" and config.text_id
    assert set(vocab.idx_to_char) == set("the quick brown fox jumps over the lazy dog.\n")


@pytest.mark.parametrize(
    ("argv", "needle"),
    [(["--cell", "transformer"], "--cell transformer: expected rnn, gru, lstm"),
     (["--steps", "0"], "--steps 0: expected a whole number from 1 to"),
     (["--steps", "99999"], "RNNVIZ_MAX_LAB_STEPS"),
     (["--hidden-size", "x"], "--hidden-size x"),
     (["--lr", "nan"], "--lr nan: expected a number"),
     (["--clip", "-1"], "--clip -1"),
     (["--sampling", "shuffled"], "--sampling shuffled"),
     (["--corpus", "/no/such.txt"], "--corpus /no/such.txt: no such file")],
)  # fmt: skip
def test_train_bad_flags_exit_2_with_a_message(argv, needle, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["train", *argv, "--out", str(tmp_path)])
    assert exit_.value.code == 2
    assert needle in capsys.readouterr().err


def test_a_text_too_short_for_one_minibatch(tmp_path, capsys):
    (tmp_path / "short.txt").write_text("abcdefghij" * 30, encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(["train", "--corpus", str(tmp_path / "short.txt"), "--batch-size", "64", "--out", str(tmp_path)])
    assert exit_.value.code == 2 and "cannot fill one minibatch" in capsys.readouterr().err


def test_bad_text_files_are_refused(tmp_path, capsys):
    cases = [("latin.txt", "é".encode("latin-1") * 400, "not UTF-8"), ("img.txt", b"\x89PNG\x00\x00" * 100, "binary"),
             ("empty.txt", b"", "empty")]  # fmt: skip
    for name, data, needle in cases:
        (tmp_path / name).write_bytes(data)
        with pytest.raises(SystemExit) as exit_:
            main(["train", "--corpus", str(tmp_path / name), "--out", str(tmp_path / "o")])
        assert exit_.value.code == 2 and needle in capsys.readouterr().err


def test_sample_bad_flags_exit_2(tmp_path, capsys):
    main(["train", *SMALL, "--out", str(tmp_path)])
    ckpt = str(tmp_path / "model.pt")
    (tmp_path / "junk.pt").write_bytes(b"junk")
    cases = [(["--checkpoint", str(tmp_path / "junk.pt")], "not a checkpoint"),
             (["--checkpoint", ckpt, "--prefix", "QQ"], "never saw: 'Q'"),
             (["--checkpoint", ckpt, "--prefix", ""], "--prefix is empty"),
             (["--checkpoint", ckpt, "--temperature", "0"], "--temperature 0"),
             (["--checkpoint", ckpt, "--length", "-5"], "--length -5")]  # fmt: skip
    for argv, needle in cases:
        capsys.readouterr()
        with pytest.raises(SystemExit) as exit_:
            main(["sample", *argv])
        assert exit_.value.code == 2 and needle in capsys.readouterr().err, argv


def test_ctrl_c_stops_cleanly_and_keeps_what_it_has(tmp_path, monkeypatch):
    real_run = lab_cli.run

    def run_with_ctrl_c(trainings, steps, on_step=None, stop=lambda: False, **kw):
        def on(t, r):
            on_step(t, r)
            if r.step == 3:
                os.kill(os.getpid(), signal.SIGINT)  # what Ctrl-C sends

        return real_run(trainings, steps, on_step=on, stop=stop, **kw)

    monkeypatch.setattr(lab_cli, "run", run_with_ctrl_c)
    assert main(["train", *SMALL, "--out", str(tmp_path)]) == 130
    rows = _rows(tmp_path / "metrics.csv")
    assert int(rows[-1]["step"]) == 3 and rows[-1]["val_loss"]  # validated where it stopped
    assert load_checkpoint(tmp_path / "model.pt")[0] is not None


def test_caps_come_from_the_limits(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["train", "--hidden-size", "20", "--out", str(tmp_path)], limits=Limits(lab_hidden_size=16))
    assert "from 1 to 16" in capsys.readouterr().err


def test_python_m_rnnviz_train_help_in_chinese():
    r = subprocess.run([sys.executable, "-m", "rnnviz", "train", "--help", "--lang", "zh"], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)  # fmt: skip
    assert r.returncode == 0 and "训练" in r.stdout and "--hidden-size" in r.stdout
