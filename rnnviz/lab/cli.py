"""``python -m rnnviz train ...`` and ``python -m rnnviz sample ...``: the lab from the command line."""

from __future__ import annotations

import argparse
import csv
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

from rnnviz.i18n import LANGS, text
from rnnviz.lab.checkpoint import CheckpointError, load_checkpoint, save_checkpoint
from rnnviz.lab.config import CELLS, LabConfig, allowed, parse_value
from rnnviz.lab.corpus import BUILDERS, Corpus, CorpusError, load_corpus
from rnnviz.lab.data import SAMPLINGS
from rnnviz.lab.sample import generate
from rnnviz.lab.train import Training, bits, run
from rnnviz.limits import Limits
from rnnviz.ranges import parse_number

TRAIN_FLAGS = ("cell", "steps", "hidden_size", "num_layers", "batch_size", "num_steps", "lr", "clip", "seed",
               "dropout", "sampling")  # fmt: skip
METAVARS = {"cell": "{" + ",".join(CELLS) + "}", "sampling": "{" + ",".join(SAMPLINGS) + "}", "lr": "LR",
            "clip": "C", "seed": "S", "dropout": "P", "steps": "N", "hidden_size": "H", "num_layers": "K",
            "batch_size": "B", "num_steps": "T"}  # fmt: skip
SAMPLE_RANGES = {"length": (0, 100_000), "top_k": (0, 100_000), "seed": (0, 2**31 - 1)}
TEMPERATURE_RANGE = (0.01, 100.0)
BAR = 24  # characters of the progress bar


class LabCliError(Exception):
    """A bad flag or input: the message says which and what is allowed."""


def flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def add_commands(commands, tr: Callable[..., str], lang: str) -> None:
    """The ``train`` and ``sample`` subcommands, added to rnnviz.cli's parser."""
    p = commands.add_parser("train", help=tr("lab.cli.train_help"), description=tr("lab.cli.train_help"),
                            allow_abbrev=False)  # fmt: skip
    p.add_argument("--corpus", default="syllables", metavar="{syllables,prose,python,PATH}",
                   help=tr("lab.cli.help.corpus"))  # fmt: skip
    for name in TRAIN_FLAGS:
        p.add_argument(flag(name), dest=name, metavar=METAVARS[name], help=tr(f"lab.cli.help.{name}"))
    p.add_argument("--out", required=True, type=Path, metavar="DIR", help=tr("lab.cli.help.out"))
    p.add_argument("--lang", choices=LANGS, default=lang, help=tr("export.cli.help.lang"))
    p.set_defaults(parser=p)
    s = commands.add_parser("sample", help=tr("lab.cli.sample_help"), description=tr("lab.cli.sample_help"),
                            allow_abbrev=False)  # fmt: skip
    s.add_argument("--checkpoint", required=True, type=Path, metavar="FILE", help=tr("lab.cli.help.checkpoint"))
    s.add_argument("--prefix", default=None, metavar="TEXT", help=tr("lab.cli.help.prefix"))
    s.add_argument("--length", default="200", metavar="N", help=tr("lab.cli.help.length"))
    s.add_argument("--temperature", default="1.0", metavar="T", help=tr("lab.cli.help.temperature"))
    s.add_argument("--top-k", dest="top_k", default="0", metavar="K", help=tr("lab.cli.help.top_k"))
    s.add_argument("--greedy", action="store_true", help=tr("lab.cli.help.greedy"))
    s.add_argument("--seed", default="0", metavar="S", help=tr("lab.cli.help.sample_seed"))
    s.add_argument("--lang", choices=LANGS, default=lang, help=tr("export.cli.help.lang"))
    s.set_defaults(parser=s)


def main(args: argparse.Namespace, limits: Limits, lang: str) -> int:
    """Run ``train`` or ``sample``; bad flags exit 2 through the subcommand's parser."""
    try:
        if args.command == "train":
            config, corpus = resolve_train(args, limits, lang)
        else:
            return sample_command(args, lang)
    except LabCliError as err:
        args.parser.error(str(err))
    return train_command(config, corpus, args.out, lang)


# --- train -----------------------------------------------------------------------------------------
def resolve_train(args: argparse.Namespace, limits: Limits, lang: str) -> tuple[LabConfig, Corpus]:
    """The LabConfig and corpus the flags ask for; raises LabCliError naming every bad flag."""
    values, errors = {}, []
    for name in TRAIN_FLAGS:
        raw = getattr(args, name)
        if raw is None:
            continue
        try:
            values[name] = parse_value(name, raw, limits)
        except (ValueError, TypeError, OverflowError):
            errors.append(_invalid(name, raw, limits, lang))
    corpus = None
    try:
        corpus = _corpus(args.corpus, limits, lang)
    except LabCliError as err:
        errors.append(str(err))
    if errors:
        raise LabCliError(errors[0] if len(errors) == 1 else "\n" + "\n".join("  " + e for e in errors))
    name = corpus.name
    config = LabConfig(corpus=name, **values)
    if name == "own":
        import hashlib

        config = LabConfig(corpus=name, text_id=hashlib.sha256(corpus.text.encode()).hexdigest()[:16], **values)
    try:
        Training(config, corpus)  # the corpus must fill one minibatch
    except ValueError:
        raise LabCliError(text(lang, "lab.cli.error.too_short", n=len(corpus.train_text),
                               batch=config.batch_size, steps=config.num_steps)) from None  # fmt: skip
    return config, corpus


def _invalid(name: str, raw: str, limits: Limits, lang: str) -> str:
    what = allowed(name, limits)
    if isinstance(what[0], str):
        words = ", ".join(what)
    elif isinstance(what[0], float) or name in ("lr", "clip", "dropout"):
        words = text(lang, "lab.cli.range", low=what[0], high=what[1])
    else:
        words = text(lang, "lab.cli.whole_range", low=what[0], high=what[1])
    env = f"RNNVIZ_MAX_LAB_{name.upper()}" if name in ("steps", "hidden_size", "num_layers", "batch_size",
                                                         "num_steps") else ""  # fmt: skip
    message = text(lang, "lab.cli.error.invalid", flag=flag(name), raw=raw, allowed=words)
    return message + (" " + text(lang, "lab.cli.error.env", env=env) if env else "")


def _corpus(value: str, limits: Limits, lang: str) -> Corpus:
    if value in BUILDERS:
        return load_corpus(value, limits.lab_corpus_chars)
    path = Path(value)
    try:
        data = path.read_bytes()
    except OSError:
        raise LabCliError(text(lang, "lab.cli.error.corpus_path", raw=value, allowed=", ".join(BUILDERS))) from None
    try:
        corpus = load_corpus("own", limits.lab_corpus_chars, data)
    except CorpusError as err:
        raise LabCliError(f"--corpus {value}: " + text(lang, f"lab.corpus_error.{err.code}", **err.kwargs)) from None
    if corpus.truncated:
        print(text(lang, "lab.cli.truncated", n=limits.lab_corpus_chars), file=sys.stderr)
    return corpus


def train_command(config: LabConfig, corpus: Corpus, out: Path, lang: str) -> int:
    """Train, showing a progress bar; write out/model.pt and out/metrics.csv. Ctrl-C stops and keeps both."""
    training = Training(config, corpus)
    interrupted = []
    previous = signal.signal(signal.SIGINT, lambda *_: interrupted.append(True))
    bar = Progress(config.steps, lang)
    print(text(lang, "lab.cli.start", cell=config.cell, corpus=config.corpus, n=len(corpus.text),
               vocab=len(training.vocab), steps=config.steps), file=sys.stderr)  # fmt: skip
    try:
        finished = run([training], config.steps, on_step=lambda t, r: bar.update(r.step, r.train_loss),
                       stop=lambda: bool(interrupted))  # fmt: skip
    finally:
        signal.signal(signal.SIGINT, previous)
        bar.close()
    try:
        out.mkdir(parents=True, exist_ok=True)
        save_checkpoint(out / "model.pt", training.model, config, training.vocab)
        write_metrics(out / "metrics.csv", training)
    except OSError as err:
        print(text(lang, "lab.cli.error.write", error=f"{type(err).__name__}: {err}"), file=sys.stderr)
        return 1
    last = training.vals[-1]
    key = "lab.cli.done" if finished else "lab.cli.stopped"
    print(text(lang, key, steps=training.done, val=f"{last.val_loss:.3f}", bits=f"{bits(last.val_loss):.3f}",
               out=str(out)), file=sys.stderr)  # fmt: skip
    return 0 if finished else 130


def write_metrics(path: Path, training: Training) -> None:
    """step, train_loss, val_loss (nats per character); val_loss only where it was measured, step 0 untrained."""
    vals = {v.step: v.val_loss for v in training.vals}
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["step", "train_loss", "val_loss"])
        if 0 in vals:
            w.writerow([0, "", f"{vals[0]:.6f}"])
        for r in training.steps:
            w.writerow([r.step, f"{r.train_loss:.6f}", f"{vals[r.step]:.6f}" if r.step in vals else ""])


class Progress:
    """A one-line progress bar on stderr: bar, step, steps/s, ETA, the last loss."""

    def __init__(self, total: int, lang: str, stream=None):
        self.total, self.lang, self.stream = total, lang, stream or sys.stderr
        self.start, self.last_draw = time.perf_counter(), 0.0

    def update(self, step: int, loss: float) -> None:
        now = time.perf_counter()
        if now - self.last_draw < 0.1 and step < self.total:
            return
        self.last_draw = now
        rate = step / max(now - self.start, 1e-9)
        eta = (self.total - step) / rate if rate > 0 else 0.0
        filled = int(BAR * step / max(self.total, 1))
        line = text(self.lang, "lab.cli.progress", bar="#" * filled + "." * (BAR - filled), step=step,
                    total=self.total, rate=f"{rate:.1f}", eta=_clock(eta), loss=f"{loss:.3f}")  # fmt: skip
        self.stream.write("\r" + line)
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")
        self.stream.flush()


def _clock(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 60}:{s % 60:02d}"


# --- sample ----------------------------------------------------------------------------------------
def sample_command(args: argparse.Namespace, lang: str) -> int:
    """Print prefix + generated text."""
    numbers = {name: _number(name, getattr(args, name), *SAMPLE_RANGES[name], True, lang) for name in SAMPLE_RANGES}
    temperature = _number("temperature", args.temperature, *TEMPERATURE_RANGE, False, lang)
    try:
        model, config, vocab = load_checkpoint(args.checkpoint)
    except CheckpointError as err:
        raise LabCliError(f"--checkpoint {args.checkpoint}: " + text(lang, f"lab.ckpt_error.{err.code}",
                                                                     detail=err.detail)) from None  # fmt: skip
    prefix = args.prefix if args.prefix is not None else vocab.idx_to_char[0]
    if not prefix:
        raise LabCliError(text(lang, "lab.cli.error.empty_prefix"))
    if unknown := vocab.unknown(prefix):
        raise LabCliError(text(lang, "lab.cli.error.prefix_chars", chars=repr(unknown)))
    out = generate(model, vocab, prefix, numbers["length"], temperature, numbers["top_k"], args.greedy,
                   numbers["seed"])  # fmt: skip
    sys.stdout.write(out + "\n")
    return 0


def _number(name: str, raw: str, low: float, high: float, whole: bool, lang: str) -> int | float:
    """A --length / --top-k / --seed (whole) or --temperature in low..high; raises LabCliError otherwise."""
    try:
        return parse_number(raw, low, high, whole=whole)
    except ValueError:
        words = text(lang, "lab.cli.whole_range" if whole else "lab.cli.range", low=low, high=high)
        raise LabCliError(text(lang, "lab.cli.error.invalid", flag=flag(name), raw=raw, allowed=words)) from None
