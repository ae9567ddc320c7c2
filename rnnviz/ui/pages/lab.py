"""The language-model lab: the tutorial's char-level RNN, GRU and LSTM trained side by side, live, then sampled."""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st
import torch

from rnnviz.figures.lab import MAX_COLS, grad_norm_curve, loss_curves, minibatch_picture
from rnnviz.i18n import text
from rnnviz.lab.checkpoint import to_bytes
from rnnviz.lab.config import CELLS, CHOICES, FLOAT_RANGES, INT_FIELDS, TUTORIAL, LabConfig, int_range, parse_value
from rnnviz.lab.corpus import CORPORA, Corpus, CorpusError, head_of_upload, load_corpus
from rnnviz.lab.data import minibatches_per_epoch
from rnnviz.lab.jobs import Busy, Job
from rnnviz.lab.loop import LOOPS, loop_code, measure_shapes, pitfalls
from rnnviz.lab.sample import generate, top_predictions
from rnnviz.lab.train import Training, bits
from rnnviz.notation import visible_char
from rnnviz.ui import codeblock, lab_jobs, slots, state, uploads
from rnnviz.ui.url import code_span

FIELDS = ("corpus", "sampling", "hidden_size", "num_layers", "dropout", "batch_size", "num_steps", "steps",
          "lr", "clip", "seed")  # fmt: skip
NUMBERS = ("hidden_size", "num_layers", "dropout", "batch_size", "num_steps", "steps", "lr", "clip", "seed")
FLOAT_STEPS = {"dropout": 0.05, "lr": 0.001, "clip": 0.1}
POLL_SECONDS = 1.0  # how often the live view refreshes while training
PICTURE_MAX_INDEX = 200  # the minibatch slider's range
PHONE_CELL_PX, PHONE_ROW_LABELS_PX = 16, 90  # the minibatch picture on a phone: px per character, the row labels
_SEEN_RUNNING = "_lab_seen_running"
tr = state.tr


# --- settings: widgets seeded once from the URL ---------------------------------------------------------
def _parse(name: str, lim):
    return lambda raw: parse_value(name, raw, lim)


def _parse_cells(raw: str) -> tuple[str, ...]:
    cells = tuple(dict.fromkeys(c.strip().lower() for c in raw.split(",") if c.strip()))
    if not cells or any(c not in CELLS for c in cells):
        raise ValueError(raw)
    return cells


def seed_widgets(lim) -> None:
    """Each widget's first value: this page's URL parameter lab_<field>, else the default (once a session)."""
    default = LabConfig()
    for name in FIELDS:
        key = f"lab_{name}"
        if key not in st.session_state:
            st.session_state[key] = state.page_param(key, _parse(name, lim), getattr(default, name))
    if st.session_state.get("lab_sampling") is None:  # cleared in the last run: back to the default
        st.session_state["lab_sampling"] = default.sampling
    if "lab_cells" not in st.session_state:
        st.session_state["lab_cells"] = list(state.page_param("lab_cells", _parse_cells, CELLS))


def apply_tutorial() -> None:
    """on_click of the preset: the tutorial's exact values."""
    for name, value in TUTORIAL.items():
        st.session_state[f"lab_{name}"] = value


def number(name: str, lim) -> None:
    label, key = tr(f"lab.field.{name}"), f"lab_{name}"
    helptext = tr(f"lab.help.{name}")
    if name in INT_FIELDS:
        low, high = int_range(name, lim)
        st.session_state[key] = min(max(int(st.session_state[key]), low), high)
        st.number_input(label, low, high, step=1, key=key, help=helptext, width=NUMBER_WIDTH)
    else:
        low, high = FLOAT_RANGES[name]
        st.number_input(label, low, high, step=FLOAT_STEPS[name], key=key, help=helptext, format="%g",
                        width=NUMBER_WIDTH)  # fmt: skip


NUMBER_WIDTH = 150  # px of each number field: they flow in rows, two to a 390 px phone, six or more on a laptop
# Static CSS (no user text): on a narrow screen the line charts fit the width (the shell keeps other figures at
# their laid-out width, scrolling sideways); the minibatch picture scrolls sideways inside its own frame.
LAB_CSS = (
    "<style>@media (max-width:900px){.stElementContainer.st-key-lab_loss_fig,"
    ".stElementContainer.st-key-lab_grad_fig{min-width:0 !important}}</style>"
)


def settings(lim) -> tuple[LabConfig, tuple[str, ...], object]:
    """The settings panel; returns the config (cell: the first cell), the cells to train and the panel's row of
    actions (the preset button is in it; the page adds Train and Stop)."""
    seed_widgets(lim)
    lang = state.current_lang()  # bound into format_func: it may be called outside this run
    with st.container(border=True, key="lab-settings"):
        with st.container(horizontal=True, key="lab-data"):
            st.selectbox(tr("lab.field.corpus"), CORPORA, key="lab_corpus", help=tr("lab.help.corpus"), width=300,
                         format_func=lambda k: text(lang, f"lab.corpus.{k}"))  # fmt: skip
            st.pills(tr("lab.field.cells"), CELLS, selection_mode="multi", key="lab_cells", format_func=str.upper,
                     help=tr("lab.help.cells"), width="content")  # fmt: skip
            st.segmented_control(tr("lab.field.sampling"), CHOICES["sampling"], key="lab_sampling",
                                 help=tr("lab.help.sampling"), width="content",
                                 format_func=lambda k: text(lang, f"lab.sampling.{k}"))  # fmt: skip
        with st.container(horizontal=True, key="lab-numbers"):
            for name in NUMBERS:
                number(name, lim)
        actions = st.container(horizontal=True, key="lab-actions", vertical_alignment="center")
        actions.button(tr("lab.preset"), on_click=apply_tutorial, help=tr("lab.preset_help"),
                       icon=":material/school:")  # fmt: skip
    ss = st.session_state
    cells = tuple(c for c in CELLS if c in (ss.get("lab_cells") or []))
    values = {name: ss[f"lab_{name}"] for name in FIELDS}
    values["sampling"] = values["sampling"] or "consecutive"  # a segmented control can be cleared
    for name, value in values.items():
        state.set_page_param(f"lab_{name}", value)
    state.set_page_param("lab_cells", ",".join(cells) or "none")
    config = LabConfig(cell=(cells or CELLS)[0], **values)
    return config, cells, actions


def own_text_input(lim) -> str | bytes | None:
    """The user's text: a pasted text or an uploaded UTF-8 .txt (the upload wins)."""
    left, right = st.columns(2)
    pasted = left.text_area(tr("lab.own.paste"), key="lab_own_text", height=150, max_chars=lim.lab_corpus_chars,
                            help=tr("lab.own.paste_help", n=lim.lab_corpus_chars))  # fmt: skip
    upload = uploads.file("lab_own_file", tr("lab.own.upload"), ["txt"], where=right, cap_mb=lim.upload_mb,
                          help=tr("lab.own.upload_help", n=lim.lab_corpus_chars))  # fmt: skip  # kept until removed
    if upload is not None:
        return head_of_upload(upload.data, lim.lab_corpus_chars)
    return pasted or None


def get_corpus(config: LabConfig, lim) -> tuple[Corpus, LabConfig] | None:
    """The corpus of the settings (and the config with its text id), or None after saying what is wrong."""
    try:
        if config.corpus != "own":
            return lab_jobs.builtin_corpus(config.corpus, lim.lab_corpus_chars), config
        data = own_text_input(lim)
        if data is None:
            st.info(tr("lab.own.missing"))
            return None
        corpus = load_corpus("own", lim.lab_corpus_chars, data)
        if corpus.truncated:
            st.warning(tr("lab.own.truncated", n=lim.lab_corpus_chars), icon="⚠️")
        return corpus, dataclasses.replace(config, text_id=lab_jobs.text_id(corpus.text))
    except CorpusError as err:
        st.error(tr(f"lab.corpus_error.{err.code}", **err.kwargs), icon="🚫")
        return None


# --- the minibatch picture ---------------------------------------------------------------------------
def minibatch_section(corpus: Corpus, config: LabConfig, lesson: bool) -> None:
    st.subheader(tr("lab.batch.header"))
    st.markdown(tr(f"lab.batch.intro_{config.sampling}"))
    epoch = minibatches_per_epoch(len(corpus.train_text), config.batch_size, config.num_steps, config.sampling)
    if epoch < 1:
        st.warning(tr("lab.too_short", n=len(corpus.train_text), batch=config.batch_size, steps=config.num_steps))
        return
    top = min(epoch, PICTURE_MAX_INDEX) - 1
    i = st.slider(tr("lab.batch.index"), 0, top, 0, key="lab_batch_index") if top > 0 else 0
    fig = minibatch_picture(corpus.train_text, config.batch_size, config.num_steps, config.sampling, i,
                            config.seed, lang=state.current_lang(), lesson=lesson)  # fmt: skip
    with st.container(key="lab-batch-frame"):  # on a phone: this frame alone scrolls sideways
        st.html(batch_frame_css(min(config.num_steps, MAX_COLS)))
        st.plotly_chart(fig, width="stretch", key="lab_batch_fig")
    st.markdown(tr("lab.batch.shapes", batch=config.batch_size, steps=config.num_steps, hidden=config.hidden_size,
                   epoch=epoch))  # fmt: skip


def batch_frame_css(cols: int) -> str:
    """Static CSS (a number of ours): on a narrow screen the picture keeps PHONE_CELL_PX per character cell
    (its three windows of ``cols`` cells and two gaps), legible, and its frame scrolls sideways when needed."""
    width = PHONE_ROW_LABELS_PX + PHONE_CELL_PX * (3 * cols + 2)
    return (f"<style>@media (max-width:900px){{.st-key-lab-batch-frame .stElementContainer:has(.stPlotlyChart)"
            f"{{min-width:{int(width)}px !important}}}}</style>")  # fmt: skip


# --- the loop, line by line ---------------------------------------------------------------------------
def loop_section(corpus: Corpus, config: LabConfig) -> None:
    """The code Train runs, each line with what it does at this page's sizes, and the lines that fail as printed."""
    with st.expander(tr("lab.loop.header")):
        st.markdown(tr("lab.loop.intro", sampling=tr(f"lab.sampling.{config.sampling}").lower()))
        codeblock.show(loop_code(config.sampling), state.current_lang())
        shapes = measure_shapes(config.cell, len(set(corpus.text)), config.hidden_size, config.num_layers,
                                config.batch_size, config.num_steps)  # fmt: skip
        values = dict(X=_shape(shapes.X), XT=_shape(shapes.X_T), emb=_shape(shapes.embedded),
                      rnn_out=_shape(shapes.rnn_output), state=_shape(shapes.state[0]), output=_shape(shapes.output),
                      y=_shape(shapes.y), n=shapes.y[0], steps=config.num_steps, clip=f"{config.clip:g}",
                      lr=f"{config.lr:g}")  # fmt: skip
        for line, key in LOOPS[config.sampling]:
            st.markdown(f"`{line.strip()}`  \n{tr(key, **values)}")  # our code (rnnviz/lab/loop.py), no backticks
        st.markdown(f"**{tr('lab.loop.pitfalls_header')}**")
        st.caption(tr("lab.loop.pitfalls_intro", version=torch.__version__))
        for pit in pitfalls():
            st.markdown(tr(f"lab.pitfall.{pit.key}"))
            printed, ours = tr("lab.pitfall.printed"), tr("lab.pitfall.ours")
            shown = f"# {printed}\n{pit.printed}\n# → {pit.error}\n# {ours}\n{pit.ours}"
            codeblock.show(shown, state.current_lang())


def _shape(shape: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(n) for n in shape) + "]"


# --- training ------------------------------------------------------------------------------------------
def start_training(config: LabConfig, cells: tuple[str, ...], corpus: Corpus) -> None:
    sid = lab_jobs.session_id()

    def build() -> list[Training]:
        return [Training(dataclasses.replace(config, cell=c), corpus) for c in cells]

    try:
        lab_jobs.get_registry().start(sid, lab_jobs.run_key(config, cells), build, config.steps,
                                      lab_jobs.alive_check(sid))  # fmt: skip
        st.session_state[_SEEN_RUNNING] = True
    except Busy:
        st.warning(tr("lab.busy", n=lab_jobs.get_registry().max_running), icon="⏳")
    except (ValueError, RuntimeError) as err:  # a text the model cannot be built for, out of memory, ...
        st.error(tr("lab.failed", error=code_span(f"{type(err).__name__}: {err}")))


def current_job(config: LabConfig, cells: tuple[str, ...]) -> tuple[Job | None, bool]:
    """This session's job of these settings, else a finished one from the server's cache; (job, from cache)."""
    key = lab_jobs.run_key(config, cells)
    reg = lab_jobs.get_registry()
    mine = reg.job(lab_jobs.session_id())
    if mine is not None and (mine.key == key or mine.running):
        return mine, False
    cached = reg.cached(key)
    return cached, cached is not None


def live_view(job: Job, clip: float, lesson: bool) -> None:
    """Progress, curves, gradient norms and samples; refreshes itself while the job runs (st.fragment)."""

    @st.fragment(run_every=POLL_SECONDS if job.running else None)
    def view() -> None:
        with slots.compute(), st.container(key="lab-live"):  # a poll takes a compute slot like a full run
            body()

    def body() -> None:
        snap = job.snapshot()
        if not job.running and st.session_state.get(_SEEN_RUNNING):
            st.session_state[_SEEN_RUNNING] = False
            st.rerun()  # the whole page: the sampling tools appear, polling stops
        lang = state.current_lang()
        key = f"lab.status.{snap.status}"
        st.progress(min(snap.done / max(snap.steps, 1), 1.0),
                    text=tr(key, done=snap.done, steps=snap.steps, rate=f"{snap.rate:.1f}",
                            seconds=f"{snap.seconds:.0f}"))  # fmt: skip
        if snap.error:
            st.error(tr("lab.failed", error=code_span(snap.error)))
        st.plotly_chart(loss_curves(snap.curves, lang=lang, lesson=lesson), width="stretch", key="lab_loss_fig")
        st.caption(tr("lab.loss_caption"))
        st.dataframe(summary_table(snap.curves), hide_index=True, width="stretch")
        st.plotly_chart(grad_norm_curve(snap.curves, clip, lang=lang, lesson=lesson), width="stretch",
                        key="lab_grad_fig")  # fmt: skip
        st.caption(tr("lab.grad_caption", clip=f"{clip:g}"))
        st.markdown(f"**{tr('lab.samples_header')}**")
        for cell, sample in snap.samples.items():
            st.caption(tr("lab.sample_of", cell=cell.upper()))
            codeblock.show(sample, state.current_lang(), None, key=f"lab_sample_{cell}")

    view()


def summary_table(curves) -> pd.DataFrame:
    rows = []
    for c in curves:
        val = c.val_loss[-1] if c.val_loss else float("nan")
        rows.append({tr("lab.col.cell"): c.cell.upper(), tr("lab.col.steps"): len(c.steps),
                     tr("lab.col.train"): round(c.train_loss[-1], 3) if c.train_loss else None,
                     tr("lab.col.val"): round(val, 3), tr("lab.col.bits"): round(bits(val), 3)})  # fmt: skip
    return pd.DataFrame(rows)


# --- after training: sample, predict, download -----------------------------------------------------------
def sampling_section(job: Job) -> None:
    st.subheader(tr("lab.sample.header"))
    by_cell = {t.config.cell: t for t in job.trainings}
    a, b, c, d = st.columns([1, 3, 1, 1])
    cell = a.selectbox(tr("lab.sample.cell"), list(by_cell), format_func=str.upper, key="lab_sample_cell")
    t = by_cell[cell]
    prefix = b.text_input(tr("lab.sample.prefix"), value=t.corpus.text[:1], max_chars=200, key="lab_prefix")
    length = c.number_input(tr("lab.sample.length"), 1, 2000, 200, key="lab_length")
    seed = d.number_input(tr("lab.sample.seed"), 0, 2**31 - 1, 0, key="lab_sample_seed")
    e, f, g = st.columns([2, 1, 1])
    temperature = e.slider(tr("lab.sample.temperature"), 0.1, 2.0, 1.0, 0.05, key="lab_temperature",
                           help=tr("lab.sample.temperature_help"))  # fmt: skip
    top_k = f.number_input(tr("lab.sample.top_k"), 0, len(t.vocab), 0, key="lab_top_k",
                           help=tr("lab.sample.top_k_help"))  # fmt: skip
    greedy = g.toggle(tr("lab.sample.greedy"), key="lab_greedy", help=tr("lab.sample.greedy_help"))
    unknown = t.vocab.unknown(prefix)
    if not prefix:
        st.info(tr("lab.sample.empty"))
    elif unknown:
        st.warning(tr("lab.sample.unknown", chars=code_span(unknown)), icon="⚠️")
    else:
        out = generate(t.model, t.vocab, prefix, int(length), float(temperature), int(top_k), greedy, int(seed))
        codeblock.show(out, state.current_lang(), None, key="lab_generated")
    predictions_section(t)
    downloads(job)




def predictions_section(t: Training) -> None:
    st.markdown(f"**{tr('lab.top5.header')}**")
    text_ = st.text_input(tr("lab.top5.text"), value=t.corpus.val_text[:24], max_chars=80, key="lab_top5_text")
    unknown = t.vocab.unknown(text_)
    if not text_ or unknown:
        st.info(tr("lab.top5.invalid", chars=code_span(unknown)))
        return
    rows = []
    for p in top_predictions(t.model, t.vocab, text_):
        row = {tr("lab.col.position"): p.position, tr("lab.col.seen"): visible_char(p.seen),
               tr("lab.col.actual"): visible_char(p.actual) if p.actual is not None else "–"}  # fmt: skip
        for k, (ch, prob) in enumerate(p.top, 1):
            row[tr("lab.col.top", k=k)] = f"{visible_char(ch)}  {prob:.1%}"
        rows.append(row)
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.caption(tr("lab.top5.caption"))


def downloads(job: Job) -> None:
    st.markdown(f"**{tr('lab.download.header')}**")
    cols = st.columns(len(job.trainings))
    for col, t in zip(cols, job.trainings, strict=True):
        col.download_button(tr("lab.download.button", cell=t.config.cell.upper()),
                            data=to_bytes(t.model, t.config, t.vocab), file_name=f"rnnviz_lab_{t.config.cell}.pt",
                            mime="application/octet-stream", key=f"lab_download_{t.config.cell}",
                            icon=":material/download:")  # fmt: skip
    st.caption(tr("lab.download.caption"))


# --- the page ------------------------------------------------------------------------------------------
view = state.page_state()
lim = state.limits()
st.html(LAB_CSS)
st.sidebar.caption(tr("lab.sb.caps", **vars(lim)))  # the shell's sidebar has no nn.RNN settings here
st.title(tr("lab.title"))
st.markdown(tr("lab.intro"))
config, cells, actions = settings(lim)
got = get_corpus(config, lim)
fits = got is not None and minibatches_per_epoch(len(got[0].train_text), config.batch_size, config.num_steps,
                                                 config.sampling) >= 1  # fmt: skip
train = actions.button(tr("lab.train.button"), type="primary", disabled=not (cells and fits),
                       icon=":material/play_arrow:", key="lab_train")  # fmt: skip
stop = actions.button(tr("lab.stop.button"), icon=":material/stop:", key="lab_stop")
if stop:
    lab_jobs.get_registry().stop(lab_jobs.session_id())
if got is None:
    st.stop()
corpus, config = got
st.caption(tr("lab.split", n=len(corpus.text), train=len(corpus.train_text), val=len(corpus.val_text)))
if not cells:
    st.info(tr("lab.no_cells"))
if train:
    start_training(config, cells, corpus)
with st.container(key="lab-batch"):
    minibatch_section(corpus, config, view.lesson)
with st.container(key="lab-loop"):
    loop_section(corpus, config)

st.subheader(tr("lab.train.header"))
job, from_cache = current_job(config, cells)
if job is None:
    st.info(tr("lab.train.hint", steps=config.steps))
    st.stop()
if from_cache:
    st.success(tr("lab.cached"), icon="♻️")
elif job.key != lab_jobs.run_key(config, cells):
    st.info(tr("lab.other_settings"))
live_view(job, job.trainings[0].config.clip, view.lesson)
if not job.running and job.trainings and job.trainings[0].done > 0:
    sampling_section(job)
