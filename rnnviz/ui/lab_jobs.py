"""The lab page's link to the server's training registry: one registry per server, the session as owner."""

from __future__ import annotations

import hashlib

from rnnviz.lab.config import LabConfig
from rnnviz.lab.corpus import Corpus, load_corpus
from rnnviz.lab.jobs import Registry
from rnnviz.ui import caches, slots, state

CACHE_SIZE = 8  # finished runs kept on the server (a link with the same settings reopens them)


@caches.singleton("lab_registry")
def registry(max_running: int) -> Registry:
    """The one registry of this server (per cap); its trainings compute in the server's compute slots."""
    return Registry(max_running=max_running, cache_size=CACHE_SIZE, slot=slots.background)


def get_registry() -> Registry:
    return registry(state.limits().lab_trainings)


def session_id() -> str:
    """This browser session's id (the owner of its training)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else "no-session"


def alive_check(sid: str):
    """A callback for the worker thread: False once the session ``sid`` has closed (a closed tab stops its
    training). Without a Streamlit runtime (AppTest, bare mode) the session counts as alive."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return lambda: True
    runtime = Runtime.instance()
    return lambda: runtime.is_active_session(sid)


@caches.shared("lab_corpus")
def builtin_corpus(name: str, max_chars: int) -> Corpus:
    """A built-in corpus, built once per server."""
    return load_corpus(name, max_chars)


def text_id(text: str) -> str:
    """A short hash of the user's own text: part of the cache key of its runs."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def run_key(config: LabConfig, cells: tuple[str, ...]) -> tuple:
    """What decides a run of several cells: the settings (without the cell) and the cells."""
    return (*(v for k, v in config.to_dict().items() if k != "cell"), cells)
