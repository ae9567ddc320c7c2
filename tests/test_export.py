"""rnnviz.lesson.export: real images of the stated size, offline HTML, CSV and .npz equal torch's numbers."""

import io
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
import torch
from PIL import Image

from rnnviz import RNNSpec, from_params, unroll
from rnnviz.i18n import text
from rnnviz.lesson import export
from tests.apptest import codes


def _trace(spec: RNNSpec, lengths=None):
    rnn, x, h0 = spec.build()
    return rnn, x, h0, unroll(rnn, x, h0, lengths=lengths)


def _figure(title: str) -> go.Figure:
    return go.Figure(go.Heatmap(z=[[0.0, 1.0], [-1.0, 0.5]]), layout=dict(title=title, width=300, height=200))


@pytest.fixture(scope="module")
def images():
    """Render every image of this module in one kaleido session (chromium starts once)."""
    with export.image_session():
        yield {
            "png": export.to_image(_figure("隐藏状态 h_t"), "png", 640, 360),
            "png_other_glyphs": export.to_image(_figure("隐藏状况 h_t"), "png", 640, 360),
            "svg": export.to_image(export.with_caption(_figure("x"), "序列长度 3 · seed 0"), "svg", 800, 450),
            "png_responsive": export.to_image(_responsive(), "png", 640, 360),
        }


def _responsive() -> go.Figure:
    """A figure without a size of its own (like the heatmaps): it fills the frame."""
    return go.Figure(
        go.Heatmap(z=[[0.0, 1.0]], colorscale=[[0, "black"], [1, "black"]], showscale=False),
        layout=dict(margin=dict(l=0, r=0, t=0, b=0), xaxis_visible=False, yaxis_visible=False),
    )


# --- images ----------------------------------------------------------------------------------------
def test_png_is_a_real_image_of_the_stated_size(images):
    png = Image.open(io.BytesIO(images["png"]))
    assert png.format == "PNG"
    assert png.size == (640, 360)


def test_a_figure_with_its_own_size_keeps_its_proportions_centred_on_white(images):
    # _figure is 300 x 200: scaled by 1.8 to 540 x 360, it leaves white bands of 50 px left and right
    pixels = np.asarray(Image.open(io.BytesIO(images["png"])).convert("L"))
    assert (pixels[:, :48] == 255).all() and (pixels[:, -48:] == 255).all()
    assert (pixels[:, 60:580] < 255).any()


def test_a_figure_without_a_size_fills_the_frame(images):
    pixels = np.asarray(Image.open(io.BytesIO(images["png_responsive"])).convert("L"))
    assert pixels.shape == (360, 640)
    assert (pixels[[0, -1], :] < 128).all() and (pixels[:, [0, -1]] < 128).all()  # black to every edge


def test_chinese_glyphs_are_drawn_not_tofu(images):
    # Missing glyphs all render as the same box, so two titles that differ in one Chinese character
    # give identical images unless the CJK font is found.
    a = np.asarray(Image.open(io.BytesIO(images["png"])).convert("L"))
    b = np.asarray(Image.open(io.BytesIO(images["png_other_glyphs"])).convert("L"))
    assert (a != b).any()


def test_svg_has_the_stated_size_and_the_caption(images):
    svg = images["svg"].decode()
    assert svg.lstrip().startswith("<svg")
    assert re.search(r'<svg[^>]*width="800"[^>]*height="450"', svg)
    assert "序列长度 3" in svg


def test_unknown_image_format_is_refused():
    with pytest.raises(ValueError, match="png, svg"):
        export.to_image(_figure("x"), "gif")


def test_with_caption_adds_a_bottom_annotation_and_leaves_the_figure_alone():
    fig = _figure("x")
    before = fig.to_json()
    out = export.with_caption(fig, "a <b>caption</b>")
    assert fig.to_json() == before
    assert out.layout.annotations[-1].text == "a &lt;b&gt;caption&lt;/b&gt;"  # shown literally
    assert out.layout.margin.b > 80
    assert out.layout.height == 200 + out.layout.margin.b - 80  # a fixed height grows by the caption's room


def test_long_captions_wrap_between_their_parts():
    lines = export.wrap_caption("nn.RNN(input_size=4, hidden_size=2) · seq_len 3 · batch 2 · seed 0", 300, 16)
    assert lines == ["nn.RNN(input_size=4, hidden_size=2)", "seq_len 3 · batch 2 · seed 0"]
    assert export.wrap_caption("a · b", 1000, 16) == ["a · b"]


# --- HTML ------------------------------------------------------------------------------------------
def test_standalone_html_carries_plotly_js_and_the_figure():
    page = export.to_html(_figure("my title"), title="heatmaps", caption="seed <0>")
    assert "<!DOCTYPE html>" in page
    assert "plotly.js" in page and len(page) > 1_000_000  # the library itself: no network needed
    assert not re.search(r'<script[^>]+src="https?://', page)
    assert "my title" in page and "plotly-graph-div" in page
    assert "seed &lt;0&gt;" in page


def test_lesson_index_shows_every_figure_with_plotly_js_once():
    entries = [
        export.IndexEntry("a", "Figure A", _figure("A"), ("a.png", "a.svg"), ("frames/a_t000.png",)),
        export.IndexEntry("b", "图 B", _figure("B"), ("b.png",)),
    ]
    page = export.lesson_index(
        entries, "lesson", "cap <x>", {"files": "Images", "frames": "Frames", "data": "Data"}, ("hidden_states.csv",)
    )
    assert page.count('id="fig-a"') == 1 and page.count('id="fig-b"') == 1
    assert page.count("plotly.js v") == 1  # the library is inlined once, not per figure
    for link in ("a.png", "a.svg", "frames/a_t000.png", "b.png", "hidden_states.csv"):
        assert f'href="{link}"' in page
    assert "图 B" in page and "cap &lt;x&gt;" in page


# --- hidden states CSV -----------------------------------------------------------------------------
SPECS = [
    RNNSpec(),  # 2 layers, bidirectional, tanh
    RNNSpec(
        input_size=3,
        hidden_size=5,
        num_layers=1,
        bidirectional=False,
        nonlinearity="relu",
        batch_first=True,
        seq_len=4,
        batch_size=3,
        seed=7,
        h0_kind="random",
    ),
    RNNSpec(num_layers=3, bias=False, dropout=0.5, training=True, seq_len=2, batch_size=1),
]


@pytest.mark.parametrize("spec", SPECS, ids=["default", "relu_batch_first", "train_dropout"])
def test_hidden_csv_round_trips_to_the_traces_numbers(spec):
    _, _, _, trace = _trace(spec)
    frame = pd.read_csv(io.StringIO(export.hidden_csv(trace)))
    L, N, H, D = spec.seq_len, spec.batch_size, spec.hidden_size, spec.num_directions
    assert len(frame) == spec.num_layers * D * N * L
    assert list(frame.columns) == ["layer", "direction", "batch", "t"] + [f"h_{i}" for i in range(H)]
    back = export.hidden_from_frame(frame)  # [num_layers, D, L, N, H]
    assert back.shape == (spec.num_layers, D, L, N, H)
    for layer in range(spec.num_layers):
        for d in range(D):
            torch.testing.assert_close(back[layer, d], trace.hidden(layer, d), rtol=0, atol=0)


def test_hidden_csv_rows_are_the_named_states():
    _, _, _, trace = _trace(RNNSpec())
    frame = export.hidden_frame(trace)
    row = frame[(frame.layer == 1) & (frame.direction == "reverse") & (frame.batch == 1) & (frame.t == 2)]
    expected = trace.hidden(1, 1)[2, 1].double().numpy()
    np.testing.assert_array_equal(row[["h_0", "h_1", "h_2"]].to_numpy()[0], expected)


def test_reading_a_table_that_is_not_ours_says_what_is_missing():
    with pytest.raises(ValueError, match="layer, direction, batch, t"):
        export.read_hidden_csv("a,b\n1,2\n")


# --- .npz ------------------------------------------------------------------------------------------
def test_npz_holds_what_torch_returns():
    spec = RNNSpec(batch_first=True, h0_kind="random")
    rnn, x, h0, trace = _trace(spec)
    arrays = np.load(io.BytesIO(export.trace_npz(trace, {"seed": 0})))  # no pickle needed
    with torch.no_grad():
        output, h_n = rnn(x, h0)
    torch.testing.assert_close(torch.from_numpy(arrays["input"]), x)
    torch.testing.assert_close(torch.from_numpy(arrays["output"]), output)
    torch.testing.assert_close(torch.from_numpy(arrays["h_n"]), h_n)
    torch.testing.assert_close(torch.from_numpy(arrays["h0"]), h0)
    for name, p in rnn.named_parameters():
        torch.testing.assert_close(torch.from_numpy(arrays[name]), p.detach())
    H = spec.hidden_size
    last = spec.num_layers - 1
    torch.testing.assert_close(torch.from_numpy(arrays[f"hidden_l{last}"]), output.transpose(0, 1)[..., :H])
    torch.testing.assert_close(torch.from_numpy(arrays[f"hidden_l{last}_reverse"]), output.transpose(0, 1)[..., H:])
    assert str(arrays["config"]) == '{"seed": 0}'


# --- the Streamlit components ----------------------------------------------------------------------
def _panel_app():
    import plotly.graph_objects as go
    import streamlit as st

    from rnnviz import RNNSpec, unroll
    from rnnviz.ui import export_panel, lesson
    from rnnviz.ui.state import View

    spec = RNNSpec(seq_len=3)
    trace = unroll(*spec.build())
    lang = st.query_params.get("lang", "en")
    view = View(spec, 1, 0, lang, None, st.query_params.get("lesson") == "1", ())
    if view.lesson:
        lesson.apply_lesson_css()
    fig = go.Figure(go.Heatmap(z=[[0, 1]]))
    lesson.show_figure(fig, view, key="fig")
    export_panel.render({"heatmaps": fig, "隐藏 状态": fig}, trace, spec, view.t, lang, batch=1)


def _run_panel(**params):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_panel_app, default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception
    at.session_state["export_open"] = True  # the panel is built only while open
    at.run()
    assert not at.exception
    return at


def test_export_panel_offers_every_download_and_the_links():
    at = _run_panel(lang="zh")
    assert [e.label for e in at.expander] == ["导出与分享"]
    buttons = at.get("download_button")
    assert len(buttons) == 2 * 3 + 1 + 3  # PNG, SVG, HTML per figure; the classroom bundle; CSV, .npz, .py
    assert not [i for i in at.info if i.value == text("zh", "export.no_browser")]  # chromium is installed here
    links = codes(at)  # the two view links (rnnviz.ui.codeblock)
    assert len(links) == 2
    for link, lesson in zip(links, ("false", "true"), strict=True):
        query = dict(p.split("=", 1) for p in link.split("?", 1)[1].split("&"))
        assert query["lesson"] == lesson and query["lang"] == "zh" and query["t"] == "1" and query["batch"] == "1"
        assert from_params(query).spec == RNNSpec(seq_len=3)  # the link reproduces this configuration


def test_export_panel_without_a_browser_says_so_and_offers_the_rest(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    from rnnviz.lesson.browser import image_browser

    image_browser.cache_clear()
    try:
        at = _run_panel(lang="en")
        assert [i.value for i in at.info] == [text("en", "export.no_browser"), text("en", "export.bundle_no_browser")]
        keys = {b.proto.id.rsplit("-", 1)[-1] for b in at.get("download_button")}
        assert not [k for k in keys if "_png_" in k or "_svg_" in k]
        assert {"export_html_heatmaps", "export_csv", "export_npz", "export_py", "export_bundle"} <= keys
        assert _bundle_button(at).label == text("en", "export.bundle_html")
    finally:
        image_browser.cache_clear()


def _bundle_button(at):
    return next(b for b in at.get("download_button") if b.proto.id.endswith("-export_bundle"))


def _deferred_downloads(monkeypatch) -> dict:
    """What deferred download buttons register (file id -> (callable, file name)); the callable runs on click."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    registered: dict = {}
    add = MediaFileManager.add_deferred

    def record(self, data_callable, *args, **kwargs):
        file_id = add(self, data_callable, *args, **kwargs)
        registered[file_id] = (data_callable, kwargs.get("file_name"))
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return registered


def _zip_names(data: bytes) -> list[str]:
    import zipfile

    return sorted(zipfile.ZipFile(io.BytesIO(data)).namelist())


PAIRS = [f"l{layer}_{d}" for layer in range(2) for d in ("forward", "reverse")]  # the panel app: 2 layers, bi
BUNDLE_STEMS = ["hidden_states", *(f"hidden_{p}" for p in PAIRS), "layer_outputs", "concat", "unrolled",
                *(f"equation_{p}" for p in PAIRS), *(f"matmul_{p}" for p in PAIRS),
                "gradient_heatmaps", "gradient_norms", "jacobian_norms"]  # fmt: skip


def test_bundle_button_gives_the_classroom_bundle_zip(monkeypatch):
    """One click: every figure of every page at 1920x1080, numbered, the step in each name, index.html in
    the page's language, and the data -- the CLI's `export --bundle` (rnnviz.lesson.bundle)."""
    registered = _deferred_downloads(monkeypatch)
    at = _run_panel(lang="zh")
    bundle = _bundle_button(at)
    make, file_name = registered[bundle.proto.deferred_file_id]
    assert bundle.label == text("zh", "export.bundle") and file_name == "rnnviz_bundle_zh_t1.zip"
    data = make()  # what the browser downloads on click
    pngs = [f"{i:02d}_{s}_t1.png" for i, s in enumerate(BUNDLE_STEMS, 1)]
    assert _zip_names(data) == sorted([*pngs, "hidden_states.csv", "index.html", "rnn_snippet.py", "trace.npz"])
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(data))
    assert Image.open(io.BytesIO(archive.read(pngs[0]))).size == (1920, 1080)
    index = archive.read("index.html").decode("utf-8")
    assert text("zh", "lesson.index.title") in index and all(f'href="{p}"' in index for p in pngs)


def test_bundle_without_a_browser_is_the_html_part(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    from rnnviz.lesson.browser import image_browser

    registered = _deferred_downloads(monkeypatch)
    image_browser.cache_clear()
    try:
        at = _run_panel(lang="en")
    finally:
        image_browser.cache_clear()
    make, file_name = registered[_bundle_button(at).proto.deferred_file_id]
    assert file_name == "rnnviz_bundle_en_t1_html.zip"
    data = make()
    assert _zip_names(data) == ["hidden_states.csv", "index.html", "rnn_snippet.py", "trace.npz"]
    import zipfile

    index = zipfile.ZipFile(io.BytesIO(data)).read("index.html").decode("utf-8")
    assert index.count('class="plotly-graph-div"') == len(BUNDLE_STEMS)  # every figure, interactive


def test_lesson_mode_captions_the_figure_literally():
    at = _run_panel(lesson="1")
    assert [c.value for c in at.caption] == [
        r"nn.RNN(input\_size=4, hidden\_size=3, num\_layers=2, bidirectional=True)"
        " · seq\\_len 3 · batch 2 · step t = 1 · seed 0"
    ]
    assert not _run_panel().caption  # no caption outside lesson mode


def test_hidden_csv_marks_padding_and_reads_back():
    from rnnviz import RNNSpec
    from rnnviz.lesson.export import hidden_csv, hidden_frame, read_hidden_csv
    from rnnviz.run import make_trace

    trace = make_trace(RNNSpec(lengths=(6, 3)))
    frame = hidden_frame(trace)
    seq1 = frame[(frame.layer == 0) & (frame.direction == frame.direction.iloc[0]) & (frame.batch == 1)]
    assert seq1["padding"].tolist() == [False] * 3 + [True] * 3
    assert (seq1[seq1.padding][["h_0", "h_1", "h_2"]] == 0).all().all()
    assert "padding" not in hidden_frame(make_trace(RNNSpec())).columns
    torch.testing.assert_close(read_hidden_csv(hidden_csv(trace))[0, 0], trace.hidden(0, 0))
