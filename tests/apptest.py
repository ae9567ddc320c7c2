"""AppTest helper shared by the app tests: open app.py (optionally a page) with URL params, no exception."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")  # independent of the working directory


def open_app(page: str | None = None, **params: str) -> AppTest:
    """Run app.py with ``params`` as the URL query, switch to ``page`` if given, and assert no exception."""
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    if page is not None:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def step_overlay(at: AppTest):
    """The page's one step component (rnnviz.ui.stepview): its ``proto.json`` is what it draws."""
    (overlay,) = [c for c in at.get("bidi_component") if c.proto.component_name == "rnnviz_step"]
    return overlay
