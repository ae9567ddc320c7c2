"""python -m rnnviz export: flags are the URL parameters, bad flags exit 2 with a clear message, a lesson is written."""

import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from rnnviz import Limits, from_params, style
from rnnviz.cli import build_parser, main, resolve
from rnnviz.lesson.export import read_hidden_csv
from rnnviz.lesson.figures import lesson_jobs
from rnnviz.run import make_trace
from rnnviz.spec import RNNSpec

ROOT = Path(__file__).resolve().parents[1]


def _resolve(*flags: str):
    args = build_parser().parse_args(["export", "--out", "unused", *flags])
    return resolve(args, Limits(), "en")


def _error(capsys, *flags: str, lang: str = "en") -> str:
    with pytest.raises(SystemExit) as exit_:
        main(["export", "--out", "unused", "--lang", lang, *flags], limits=Limits())
    assert exit_.value.code == 2
    return capsys.readouterr().err


# --- flags are URL parameters ----------------------------------------------------------------------
def test_flags_resolve_exactly_as_the_same_url():
    flags = [
        "--preset",
        "dims_2layer_bi",
        "--hidden-size",
        "5",
        "--no-bias",
        "--batch-first",
        "--train",
        "--dropout",
        "0.5",
        "--nonlinearity",
        "relu",
        "--input-kind",
        "sine",
        "--h0-kind",
        "random",
        "--t",
        "2",
    ]
    url = {
        "preset": "dims_2layer_bi",
        "hidden_size": "5",
        "bias": "false",
        "batch_first": "1",
        "training": "true",
        "dropout": "0.5",
        "nonlinearity": "relu",
        "input_kind": "sine",
        "h0_kind": "random",
        "t": "2",
    }
    r = _resolve(*flags)
    parsed = from_params(url, Limits())
    assert not parsed.notices
    assert (r.spec, r.t) == (parsed.spec, parsed.t)
    assert r.formats == ("png", "svg") and r.size == (1280, 720) and r.batch == 0


def test_every_url_parameter_has_a_flag():
    export_parser = build_parser().parse_args(["export", "--out", "x"]).parser
    dests = {a.dest for a in export_parser._actions}
    assert {f for f in RNNSpec.__dataclass_fields__} | {"t", "preset", "batch", "lang"} <= dests


def test_no_flags_is_the_apps_default_page():
    r = _resolve()
    assert (r.spec, r.t, r.batch) == (RNNSpec(), 0, 0)


# --- errors ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (["--hidden-size", "500"], ["--hidden-size '500'", "1 to 128", "RNNVIZ_MAX_HIDDEN_SIZE"]),
        (["--seq-len", "abc"], ["--seq-len 'abc'", "whole number from 1 to 256"]),
        (["--seq-len", "0"], ["--seq-len '0'", "too small"]),
        (["--dropout", "2"], ["--dropout '2'", "from 0 to 1"]),
        (["--nonlinearity", "sigmoid"], ["--nonlinearity 'sigmoid'", "tanh, relu"]),
        (["--preset", "nope"], ["--preset 'nope'", "dims_2layer_bi"]),
        (["--seq-len", "3", "--t", "3"], ["--t '3'", "from 0 to 2"]),
        (["--formats", "png,gif"], ["--formats 'png,gif'", "png, svg, html"]),
        (["--width", "10"], ["--width '10'", "200 to 4096"]),
        (["--cell", "lstm", "--proj-size", "9"], ["--proj-size '9'", "this cell", "from 0 to 2"]),
        (["--cell", "cnn"], ["--cell 'cnn'", "rnn, gru, lstm"]),
        (["--batch-size", "2", "--batch", "2"], ["--batch '2'", "from 0 to 1"]),
        (
            ["--seq-len", "256", "--batch-size", "16", "--hidden-size", "128", "--num-layers", "6"],
            ["--seq-len '256'", "at most 400000", "RNNVIZ_MAX_CELLS"],
        ),
    ],
)
def test_a_bad_flag_exits_2_naming_the_flag_and_what_is_allowed(capsys, flags, expected):
    err = _error(capsys, *flags)
    assert "usage: python -m rnnviz export" in err
    for part in expected:
        assert part in err


def test_every_bad_flag_is_reported_at_once(capsys):
    err = _error(capsys, "--hidden-size", "x", "--num-layers", "-1", "--formats", "gif")
    assert "--hidden-size 'x'" in err and "--num-layers '-1'" in err and "--formats 'gif'" in err


def test_errors_in_chinese(capsys):
    err = _error(capsys, "--hidden-size", "x", lang="zh")
    assert "--hidden-size 'x' 无效" in err and "1 到 128 之间的整数" in err


def test_unknown_flag_and_missing_out_exit_2(capsys):
    for argv in (["export", "--out", "d", "--hiden-size", "3"], ["export"]):
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "--hiden-size" in err and "--out" in err


# --- a whole lesson ---------------------------------------------------------------------------------
def test_one_heatmap_job_per_layer_and_direction():
    trace = make_trace(RNNSpec(num_layers=2, bidirectional=True, hidden_size=3, seq_len=4))
    jobs = {job.name: job for job in lesson_jobs(trace, "en")}
    panels = [f"hidden_l{layer}_{d}" for layer in range(2) for d in ("forward", "reverse")]
    assert [n for n in jobs if n.startswith("hidden_l")] == panels
    fig = jobs["hidden_l1_reverse"].build(2)
    (heatmap,) = fig.data
    torch.testing.assert_close(torch.from_numpy(np.asarray(heatmap.z)), trace.hidden(1, 1)[:, 0, :].T.double())
    boxes = [(s.x0, s.x1) for s in fig.layout.shapes if s.type == "rect" and s.line.color == style.HIGHLIGHT]
    assert boxes == [(1.5, 2.5)]  # the step box; the reverse states not computed yet at t = 2 are greyed
    assert [(s.x0, s.x1) for s in fig.layout.shapes if s.fillcolor == style.NOT_YET] == [(-0.5, 1.5)]


@pytest.mark.parametrize("cell", ["gru", "lstm"])
def test_gated_cells_export_their_gates_and_step(cell):
    r = _resolve("--cell", cell)
    assert r.spec.cell == cell
    trace = make_trace(RNNSpec(cell=cell, num_layers=1, bidirectional=True, hidden_size=3, seq_len=4))
    jobs = {job.name: job for job in lesson_jobs(trace, "en")}
    assert {"gates_l0_forward", "gates_l0_reverse", "gate_step_l0_forward", "gate_step_l0_reverse"} <= set(jobs)
    assert not [n for n in jobs if n.startswith("equation_")]  # nn.RNN's single equation is not claimed
    fig = jobs["gates_l0_reverse"].build(1)
    names = [h.name for h in fig.data]
    assert names[: len(trace.kind.gate_names)] == list(trace.kind.gate_names)
    z = np.asarray(fig.data[0].z)
    gate = trace.gates(0, 1)[trace.kind.gate_names[0]][:, 0].T.double().numpy()
    np.testing.assert_allclose(z, gate, atol=1e-12)


def test_export_writes_images_frames_index_and_data(tmp_path):
    """One real run through `python -m rnnviz` (the only test here that starts chromium)."""
    out = tmp_path / "lesson"
    argv = [
        "export",
        "--out",
        str(out),
        "--preset",
        "dims_1layer_uni",
        "--t",
        "1",
        "--frames",
        "--formats",
        "png",
        "--width",
        "640",
        "--height",
        "360",
    ]
    run = subprocess.run([sys.executable, "-m", "rnnviz", *argv], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    names = ["hidden_states", "hidden_l0_forward", "layer_outputs", "concat", "unrolled", "equation_l0_forward"]
    images = [out / f"{n}.png" for n in names] + [out / "frames" / f"{n}_t{t:03d}.png" for n in names for t in range(3)]
    for path in images:
        assert Image.open(path).size == (640, 360), path
    progress = [line for line in run.stdout.splitlines() if line.startswith("[")]
    assert len(progress) == len(images) and progress[-1].startswith(f"[{len(images)}/{len(images)}]")
    index = (out / "index.html").read_text(encoding="utf-8")
    for n in names:
        assert f'id="fig-{n}"' in index and f'href="{n}.png"' in index and f'href="frames/{n}_t002.png"' in index
    spec = RNNSpec(
        input_size=4, hidden_size=2, num_layers=1, bidirectional=False, seq_len=3, batch_size=2, input_kind="uniform"
    )
    hidden = read_hidden_csv(io.StringIO((out / "hidden_states.csv").read_text()))
    assert hidden.shape == (1, 1, 3, 2, 2)
    torch.testing.assert_close(hidden[0, 0], make_trace(spec).hidden(0, 0), rtol=0, atol=0)
    arrays = np.load(out / "trace.npz")
    namespace: dict = {}
    exec((out / "rnn_snippet.py").read_text(), namespace)  # the exported code reproduces the exported numbers
    torch.testing.assert_close(namespace["output"], torch.from_numpy(arrays["output"]))
    torch.testing.assert_close(namespace["h_n"], torch.from_numpy(arrays["h_n"]))


def test_bundle_jobs_cover_every_page_numbered_with_the_step():
    from rnnviz.lesson.bundle import bundle_jobs

    spec = RNNSpec(num_layers=2, bidirectional=True, hidden_size=3, seq_len=4)
    names = [job.name for job in bundle_jobs(spec, make_trace(spec), "en", t=2)]
    assert names[0] == "01_hidden_states_t2" and names[-1] == f"{len(names):02d}_jacobian_norms_t2"
    assert all(n[:2].isdigit() and n.endswith("_t2") for n in names)
    stems = [n[3:-3] for n in names]
    pairs = [f"l{layer}_{d}" for layer in range(2) for d in ("forward", "reverse")]
    for fig in ("hidden", "equation", "matmul"):  # dashboard heatmaps, equation, one-matmul view
        assert [s for s in stems if s.startswith(fig + "_l")] == [f"{fig}_{p}" for p in pairs]
    for fig in ("layer_outputs", "concat", "unrolled", "gradient_heatmaps", "gradient_norms", "jacobian_norms"):
        assert fig in stems  # the diagrams page and the gradients page


def test_bundle_writes_every_figure_at_full_hd_in_the_pages_language(tmp_path):
    """`export --bundle --lang zh`: numbered 1920x1080 PNGs with the step in each name, a Chinese index.html."""
    from rnnviz.i18n import text

    out = tmp_path / "bundle"
    argv = ["export", "--out", str(out), "--bundle", "--preset", "dims_1layer_uni", "--t", "1", "--formats", "png"]
    run = subprocess.run(
        [sys.executable, "-m", "rnnviz", *argv, "--lang", "zh"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stderr
    pngs = sorted(p.name for p in out.glob("*.png"))
    stems = ["hidden_states", "hidden_l0_forward", "layer_outputs", "concat", "unrolled", "equation_l0_forward",
             "matmul_l0_forward", "gradient_heatmaps", "gradient_norms", "jacobian_norms"]  # fmt: skip
    assert pngs == [f"{i:02d}_{s}_t1.png" for i, s in enumerate(stems, 1)]
    for name in pngs:
        assert Image.open(out / name).size == (1920, 1080), name
        assert (out / name).stat().st_size > 20_000, name  # a drawn figure, not an empty image
    index = (out / "index.html").read_text(encoding="utf-8")
    assert text("zh", "lesson.index.title") in index and text("zh", "lesson.figure.gradient_norms") in index
    assert all(f'href="{name}"' in index for name in pngs)
