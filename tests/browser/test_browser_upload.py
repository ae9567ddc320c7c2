"""Upload a state_dict through the real file input: the page shows its module, shapes and the parity badge ✓,
the file stays in use after the lab page (which draws no model settings) until removed, and a pickle that
would run code is refused on the page (and never runs)."""

from __future__ import annotations

import io
import os
import re

import torch
from harness import problems, settled, table_cells, wait_ready
from playwright.sync_api import expect

from rnnviz.i18n import text

FILE_INPUT = ".st-key-src_file input[type='file']"
KEPT = ".st-key-kept-src_file"  # the card of the file in use (rnnviz/ui/uploads.py)


def _save(path, obj) -> str:
    buf = io.BytesIO()
    torch.save(obj, buf)
    path.write_bytes(buf.getvalue())
    return str(path)


def test_uploading_a_gru_shows_its_shapes_and_the_parity_badge(visit, tmp_path):
    torch.manual_seed(0)
    gru = torch.nn.GRU(5, 3, num_layers=2, bidirectional=True)
    path = _save(tmp_path / "my_gru.pt", {"state_dict": gru.state_dict()})
    page = visit(plots=2, source="upload")
    expect(page.get_by_text(text("en", "src.notice.no_file"))).to_be_visible()
    page.locator(FILE_INPUT).set_input_files(path)
    expect(page.locator("h1")).to_contain_text("torch.nn.GRU, step by step")
    settled(page)
    expect(page.locator(".st-key-parity-badge")).to_contain_text("matches torch.nn.GRU")
    expect(page.locator(".st-key-parity-badge")).to_contain_text("check_circle")  # ✓ (a mismatch shows "error")
    expect(page.get_by_text("Weights: your file my_gru.pt")).to_be_visible()
    params = {row[0]: row[1] for row in table_cells(page, "dash-shapes", 1)}
    assert params["weight_ih_l0"] == "[9, 5]" and params["weight_hh_l1_reverse"] == "[9, 3]", params
    tensors = {row[0]: row[1] for row in table_cells(page, "dash-shapes", 0)}
    assert tensors["h_n"].startswith("[4, "), tensors  # num_layers * num_directions
    assert "source=upload" in page.url
    assert problems(page) == []


def _go(page, title_key: str, plots: int = 0):
    page.get_by_role("link", name=text("en", title_key)).click()
    page.wait_for_timeout(300)  # the click starts a run: let it begin before waiting for its end
    wait_ready(page, plots=plots)


def test_an_uploaded_model_stays_after_the_lab_page_until_removed(visit, tmp_path):
    torch.manual_seed(0)
    path = _save(tmp_path / "gru.pt", torch.nn.GRU(3, 4).state_dict())
    page = visit(plots=2, source="upload", cell="lstm")
    page.locator(FILE_INPUT).set_input_files(path)
    expect(page.locator("h1")).to_contain_text("torch.nn.GRU, step by step")
    settled(page)
    _go(page, "lab.page")
    expect(page).to_have_url(re.compile(r"/lab\?"))
    expect(page.locator("h1").first).to_have_text(text("en", "lab.title"))
    _go(page, "dash.page.dashboard", plots=2)
    expect(page.locator("h1")).to_contain_text("torch.nn.GRU, step by step")  # not asked for again
    expect(page.locator(KEPT)).to_contain_text("In use: your file gru.pt")
    expect(page.get_by_text(text("en", "src.notice.no_file"))).to_have_count(0)
    expect(page.get_by_text("Weights: your file gru.pt")).to_be_visible()
    expect(page.locator(".st-key-source [aria-checked='true'], .st-key-source [aria-pressed='true']").first
           ).to_have_text(text("en", "src.sb.source.upload"))  # fmt: skip  # the picker shows the source in use
    settled(page)
    page.locator(KEPT).get_by_role("button", name=text("en", "kept.remove")).click()
    expect(page.locator("h1")).to_contain_text("torch.nn.LSTM, step by step")  # the settings' model again
    expect(page.locator(FILE_INPUT)).to_be_attached()  # ready for another file
    expect(page.locator(KEPT)).to_have_count(0)
    settled(page)
    assert problems(page) == []


class _Payload:
    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_pickle_that_would_run_code_is_refused_in_the_browser(visit, tmp_path):
    marker = tmp_path / "pwned"
    path = _save(tmp_path / "evil.pt", {"weight_ih_l0": torch.zeros(3, 2), "x": _Payload(marker)})
    page = visit(plots=2, source="upload")
    page.locator(FILE_INPUT).set_input_files(path)
    expect(page.locator("[data-testid='stAlertContentError']").first).to_contain_text("Nothing in it was run")
    settled(page)
    assert not marker.exists()
    expect(page.locator("h1")).to_be_visible()  # the settings' page is still there
    assert problems(page) == []
