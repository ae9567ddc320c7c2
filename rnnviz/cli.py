"""``python -m rnnviz export --out DIR``: every figure of one configuration as PNG/SVG, an offline index.html, the data.

The flags are the URL parameters (``--hidden-size`` is ``?hidden_size=``) and go through the same
``rnnviz.params.from_params`` with the same ``Limits``; where the app clamps with a notice, the CLI stops
with a message and exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path

from rnnviz.i18n import LANGS, text
from rnnviz.lab import cli as lab_cli
from rnnviz.lesson import export
from rnnviz.lesson.bundle import BUNDLE_SIZE, bundle_jobs
from rnnviz.lesson.figures import lesson_jobs
from rnnviz.lesson.write import write_lesson
from rnnviz.limits import Limits
from rnnviz.params import SEED_MAX, Notice, from_params
from rnnviz.presets import PRESETS
from rnnviz.ranges import parse_number
from rnnviz.run import make_trace
from rnnviz.spec import CELLS, H0_KINDS, INPUT_KINDS, NONLINEARITIES, RNNSpec

BOOL_FIELDS = ("bias", "batch_first", "bidirectional")
VALUE_FIELDS = ("input_size", "hidden_size", "num_layers", "nonlinearity", "dropout", "seq_len", "batch_size", "seed")
VALUE_FIELDS += ("cell", "proj_size", "lengths")
CHOICE_FLAGS = {"nonlinearity": NONLINEARITIES, "input_kind": INPUT_KINDS, "h0_kind": H0_KINDS, "cell": CELLS}
OUT_FORMATS = ("png", "svg", "html")
METAVARS = {"dropout": "P", "seed": "SEED", "proj_size": "P", "lengths": "6,4"}
SIZE_RANGE = (200, 4096)  # pixels, for --width / --height


class CliError(Exception):
    """A bad flag: the message names the flag and what is allowed."""


def flag(name: str) -> str:
    """The flag of a URL parameter: hidden_size -> --hidden-size."""
    return "--" + name.replace("_", "-")


# --- the parser ------------------------------------------------------------------------------------
def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """``rnnviz export`` with one flag per URL parameter; help texts in ``lang``."""
    tr = lambda key, **kw: text(lang, key, **kw)  # noqa: E731
    parser = argparse.ArgumentParser(prog="python -m rnnviz", description=tr("export.cli.description"))
    commands = parser.add_subparsers(dest="command", required=True, metavar="{export,train,sample}")
    p = commands.add_parser(
        "export", help=tr("export.cli.export_help"), description=tr("export.cli.export_help"), allow_abbrev=False
    )
    p.add_argument("--out", required=True, type=Path, metavar="DIR", help=tr("export.cli.help.out"))
    p.add_argument("--preset", metavar="NAME", help=tr("export.cli.help.preset", allowed=", ".join(PRESETS)))
    for name in VALUE_FIELDS + ("input_kind", "h0_kind"):
        metavar = "{" + ",".join(CHOICE_FLAGS[name]) + "}" if name in CHOICE_FLAGS else METAVARS.get(name, "N")
        p.add_argument(flag(name), dest=name, metavar=metavar, help=tr(f"export.cli.help.{name}"))
    for name in BOOL_FIELDS:
        p.add_argument(flag(name), dest=name, action=argparse.BooleanOptionalAction, help=tr(f"export.cli.help.{name}"))
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--train", dest="training", action="store_const", const="true", help=tr("export.cli.help.train"))
    mode.add_argument("--eval", dest="training", action="store_const", const="false", help=tr("export.cli.help.eval"))
    p.add_argument("--t", dest="t", metavar="T", help=tr("export.cli.help.t"))
    p.add_argument("--batch", default="0", metavar="N", help=tr("export.cli.help.batch"))
    p.add_argument("--frames", action="store_true", help=tr("export.cli.help.frames"))
    p.add_argument("--bundle", action="store_true", help=tr("export.cli.help.bundle"))
    p.add_argument(
        "--formats",
        default="png,svg",
        metavar="png,svg",
        help=tr("export.cli.help.formats", allowed=", ".join(OUT_FORMATS)),
    )
    p.add_argument("--width", metavar="PX", help=tr("export.cli.help.width"))  # default: SLIDE_SIZE, bundle's
    p.add_argument("--height", metavar="PX", help=tr("export.cli.help.height"))
    p.add_argument("--lang", choices=LANGS, default=lang, help=tr("export.cli.help.lang"))
    p.set_defaults(parser=p)  # so errors print the export command's usage
    lab_cli.add_commands(commands, tr, lang)  # train, sample: the language-model lab
    return parser


def to_raw_params(args: argparse.Namespace) -> dict[str, str]:
    """The flags the user gave, as the URL parameters they stand for (strings, booleans true/false)."""
    raw: dict[str, str] = {}
    for name in [f.name for f in fields(RNNSpec)] + ["t", "preset"]:
        value = getattr(args, name, None)
        if value is not None:
            raw[name] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return raw


# --- validation: the URL's, with errors instead of clamps -------------------------------------------
@dataclass(frozen=True)
class Resolved:
    """What the flags ask for, validated."""

    spec: RNNSpec
    t: int  # the step the figures mark
    batch: int  # the batch element the figures show
    formats: tuple[str, ...]  # of each figure: png, svg, html
    size: tuple[int, int]  # width, height of each image in pixels


def resolve(args: argparse.Namespace, limits: Limits, lang: str) -> Resolved:
    """What the flags describe; raises CliError naming every bad flag and what it allows."""
    raw = to_raw_params(args)
    parsed = from_params(raw, limits)
    errors = [_notice_message(n, raw, parsed.spec, limits, lang) for n in parsed.notices]
    formats, size = (), (0, 0)
    try:
        formats = parse_formats(args.formats, lang)
    except CliError as err:
        errors.append(str(err))
    try:
        default = BUNDLE_SIZE if getattr(args, "bundle", False) else export.SLIDE_SIZE
        width, height = args.width or str(default[0]), args.height or str(default[1])
        size = (parse_size("width", width, lang), parse_size("height", height, lang))
    except CliError as err:
        errors.append(str(err))
    try:
        batch = parse_int("batch", args.batch, 0, parsed.spec.batch_size - 1, lang)
    except CliError as err:
        errors.append(str(err))
    if errors:
        raise CliError(errors[0] if len(errors) == 1 else "\n" + "\n".join("  " + e for e in errors))
    return Resolved(parsed.spec, parsed.t, batch, formats, size)


def _notice_message(n: Notice, raw: dict[str, str], spec: RNNSpec, limits: Limits, lang: str) -> str:
    given = raw.get(n.field, n.raw)
    kw = dict(flag=flag(n.field), raw=given, allowed=_allowed(n.field, spec, limits, lang))
    if n.reason == "capped":
        kw["env"] = f"RNNVIZ_MAX_{n.field.upper()}"
    if n.reason == "cells":
        kw |= dict(cap=limits.cells, env="RNNVIZ_MAX_CELLS", fit=n.used)
    return text(lang, f"export.cli.error.{n.reason}", **kw)


def _allowed(name: str, spec: RNNSpec, limits: Limits, lang: str) -> str:
    """What a flag accepts, in words."""
    if name == "preset":
        return ", ".join(PRESETS)
    if name in CHOICE_FLAGS:
        return ", ".join(CHOICE_FLAGS[name])
    if name == "dropout":
        return text(lang, "export.cli.range", low=0, high=1)
    if name == "seed":
        return text(lang, "export.cli.whole_range", low=0, high=SEED_MAX)
    if name == "proj_size":
        return text(lang, "export.cli.whole_range", low=0, high=spec.hidden_size - 1)
    if name == "t":
        return text(lang, "export.cli.whole_range", low=0, high=spec.seq_len - 1)
    if name == "lengths":
        example = ",".join(str(max(spec.seq_len - n, 1)) for n in range(spec.batch_size))
        return text(lang, "export.cli.lengths_allowed", N=spec.batch_size, L=spec.seq_len, example=example)
    return text(lang, "export.cli.whole_range", low=1, high=getattr(limits, name))


def parse_formats(value: str, lang: str) -> tuple[str, ...]:
    """'png,svg' -> ('png', 'svg'); raises CliError for anything else."""
    formats = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    if not formats or any(f not in OUT_FORMATS for f in formats):
        raise CliError(text(lang, "export.cli.error.formats", raw=value, allowed=", ".join(OUT_FORMATS)))
    return formats


def parse_size(name: str, value: str, lang: str) -> int:
    """A --width / --height in pixels; raises CliError outside SIZE_RANGE."""
    return parse_int(name, value, *SIZE_RANGE, lang)


def parse_int(name: str, value: str, low: int, high: int, lang: str) -> int:
    """A whole number in low..high; raises CliError naming the flag and the range otherwise."""
    try:
        return parse_number(value, low, high, whole=True)
    except ValueError:
        allowed = text(lang, "export.cli.whole_range", low=low, high=high)
        raise CliError(text(lang, "export.cli.error.invalid", flag=flag(name), raw=value, allowed=allowed)) from None


# --- entry point -----------------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None, limits: Limits | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 1 export failed, 2 bad flags)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _pre_lang(argv)
    parser = build_parser(lang)
    args = parser.parse_args(argv)  # exits 2 itself on unknown flags or a missing --out
    lang = args.lang
    if args.command in ("train", "sample"):
        return lab_cli.main(args, limits or Limits.from_env(), lang)
    try:
        r = resolve(args, limits or Limits.from_env(), lang)
    except CliError as err:
        args.parser.error(str(err))  # prints the usage and the message, exits 2
    trace = make_trace(r.spec)
    try:
        jobs = bundle_jobs(r.spec, trace, lang, r.t, r.batch) if args.bundle else lesson_jobs(trace, lang, r.batch)
        write_lesson(args.out, jobs, trace, r.spec, r.t, lang, r.formats, r.size, args.frames)
    except Exception as err:  # a full disk, no chromium, ...: say what happened, no traceback
        print(text(lang, "export.cli.error.failed", error=f"{type(err).__name__}: {err}"), file=sys.stderr)
        return 1
    return 0


def _pre_lang(argv: list[str]) -> str:
    """--lang before the full parse, so the help texts are already in that language."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang", default="en")
    known, _ = pre.parse_known_args(argv)
    return known.lang if known.lang in LANGS else "en"
