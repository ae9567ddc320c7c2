"""A lesson as files in a folder: every job's figure (PNG/SVG/HTML), the data, an offline index.html.
Shared by ``python -m rnnviz export`` (rnnviz/cli.py) and the classroom bundle (bundle.py)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from rnnviz.i18n import text
from rnnviz.lesson import export
from rnnviz.lesson.caption import caption
from rnnviz.lesson.figures import Job
from rnnviz.lesson.gates_csv import gates_csv
from rnnviz.params import to_params
from rnnviz.snippet import snippet
from rnnviz.spec import RNNSpec
from rnnviz.trace import Trace


# --- the export ------------------------------------------------------------------------------------
def write_lesson(
    out: Path,
    jobs: Sequence[Job],
    trace: Trace,
    spec: RNNSpec,
    t: int,
    lang: str,
    formats: tuple[str, ...] = ("png", "svg"),
    size: tuple[int, int] = export.SLIDE_SIZE,
    frames: bool = False,
    progress: Callable[[str], None] = print,
) -> list[Path]:
    """Write every job's figure at step ``t`` (and with ``frames`` at every step) in ``formats``, the
    hidden states (CSV), the trace (.npz) and an offline index.html into ``out``. Returns the paths."""
    out.mkdir(parents=True, exist_ok=True)
    cap = caption(spec, t, lang)
    written: list[Path] = []
    entries: list[export.IndexEntry] = []
    total = len(jobs) * (1 + (trace.seq_len if frames else 0))
    counter = iter(range(1, total + 1))

    frame_formats = tuple(f for f in formats if f in export.IMAGE_FORMATS) or ("png",)  # no 5 MB HTML per step

    def emit(fig, stem: str, caption_text: str, formats: tuple[str, ...] = formats) -> tuple[str, ...]:
        start = time.perf_counter()
        paths = _write_figure(out, stem, fig, caption_text, formats, size)
        written.extend(out / p for p in paths)
        progress(
            text(
                lang,
                "export.cli.progress",
                i=next(counter),
                n=total,
                files=", ".join(paths),
                seconds=f"{time.perf_counter() - start:.1f}",
            )
        )
        return paths

    images = frames or any(f in export.IMAGE_FORMATS for f in formats)
    with export.image_session() if images else contextlib.nullcontext():  # HTML only: no browser needed
        for job in jobs:
            fig = job.build(t)
            files = emit(fig, job.name, cap)
            steps = tuple(range(trace.seq_len)) if frames else ()
            frame_files = [
                p
                for s in steps
                for p in emit(job.build(s), f"frames/{job.name}_t{s:03d}", caption(spec, s, lang), frame_formats)
            ]
            entries.append(export.IndexEntry(job.name, job.title, fig, files, tuple(frame_files)))
    written += _write_data(out, trace, spec, t)
    labels = {k: text(lang, f"lesson.index.{k}") for k in ("files", "frames", "data")}
    data = tuple(p.name for p in written if p.parent == out and p.suffix in (".csv", ".npz", ".py"))
    index = export.lesson_index(entries, text(lang, "lesson.index.title"), cap, labels, data)
    (out / "index.html").write_text(index, encoding="utf-8")
    written.append(out / "index.html")
    progress(text(lang, "export.cli.done", n=len(written), out=str(out / "index.html")))
    return written


def _write_figure(out: Path, stem: str, fig, caption_text: str, formats, size) -> tuple[str, ...]:
    (out / stem).parent.mkdir(parents=True, exist_ok=True)
    paths = []
    for fmt in formats:
        name = f"{stem}.{fmt}"
        if fmt == "html":
            (out / name).write_text(export.to_html(fig, stem, caption_text), encoding="utf-8")
        else:
            image = export.to_image(export.with_caption(fig, caption_text, width=size[0]), fmt, *size)
            (out / name).write_bytes(image)
        paths.append(name)
    return tuple(paths)


def _write_data(out: Path, trace: Trace, spec: RNNSpec, t: int) -> list[Path]:
    """hidden_states.csv, trace.npz and rnn_snippet.py (the PyTorch code that gives these numbers)."""
    csv, npz, code = out / "hidden_states.csv", out / "trace.npz", out / "rnn_snippet.py"
    csv.write_text(export.hidden_csv(trace), encoding="utf-8")
    npz.write_bytes(export.trace_npz(trace, to_params(spec, t)))
    code.write_text(snippet(spec), encoding="utf-8")
    if not trace.kind.gate_names:
        return [csv, npz, code]
    gated = out / "gates.csv"  # nn.GRU / nn.LSTM: h_t, c_t and every gate
    gated.write_text(gates_csv(trace), encoding="utf-8")
    return [csv, npz, code, gated]
