"""AppTest of the gated views: every page for nn.GRU and nn.LSTM URLs, the sidebar's cell selector, proj_size."""

import json

import pytest

from rnnviz.i18n import text
from tests.apptest import codes, open_app

PAGES = [None, "rnnviz/ui/pages/diagrams.py", "rnnviz/ui/pages/gradients.py"]
GATED = [{"cell": "gru"}, {"cell": "lstm"}, {"cell": "lstm", "proj_size": "2", "hidden_size": "3"}]


def chart_keys(at) -> list[str]:
    return [c.proto.id for c in at.get("plotly_chart")]


def chart(at, key: str) -> dict:
    for c in at.get("plotly_chart"):
        if key in c.proto.id:
            return json.loads(c.proto.spec)
    raise AssertionError(f"no chart {key}")


def charts(at, prefix: str) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart") if prefix in c.proto.id]


def all_text(at) -> str:
    kinds = ("markdown", "caption", "title", "subheader", "info", "warning")
    return " ".join([str(e.value) for kind in kinds for e in at.get(kind)] + codes(at))


@pytest.mark.parametrize("params", GATED, ids=lambda p: "-".join(p.values()))
@pytest.mark.parametrize("page", PAGES, ids=["dashboard", "diagrams", "gradients"])
def test_every_page_works_for_a_gated_url(page, params):
    at = open_app(page, **params)
    assert at.query_params["cell"] == params["cell"]
    assert at.get("plotly_chart"), "the page draws its figures"
    body = all_text(at)
    assert "coming" not in body
    if page is None:
        module = "nn.GRU" if params["cell"] == "gru" else "nn.LSTM"
        assert f"matches torch.{module}" in body
        keys = " ".join(chart_keys(at))
        for key in ("fig_hidden", "fig_gates", "fig_gate_step", "fig_weight_ih", "fig_weight_hh"):
            assert key in keys, key
        assert "fig_equation" not in keys  # nn.RNN's single equation is not claimed for a gated cell
        names = [d.get("name") for c in charts(at, "fig_gates_") for d in c["data"]]  # a small figure each
        assert names[: 3 if params["cell"] == "gru" else 4] == (
            ["r", "z", "n"] if params["cell"] == "gru" else list("ifgo")
        )
        assert ("c" in names) == (params["cell"] == "lstm")
    if page and "diagrams" in page:
        notes = [i.value for i in at.info if "c_n" in i.value]
        assert len(notes) == (params["cell"] == "lstm")
        if notes:
            assert "not part of output" in notes[0]
            assert float(notes[0].split("max |diff| = ")[1].rstrip(".")) <= 1e-6
        lanes = [d["name"] for d in chart(at, "diag_unrolled")["data"] if d["name"].startswith("c_cells")]
        assert bool(lanes) == (params["cell"] == "lstm")  # the c_t lane of an nn.LSTM, none for nn.GRU
        assert ("c_(t-1) → c_t" in body) == (params["cell"] == "lstm")
        cells = [d["name"] for d in chart(at, "diag_concat")["data"] if d["name"].startswith("c_n_panel")]
        assert bool(cells) == (params["cell"] == "lstm")
    if page and "gradients" in page:
        assert any("grad_kinds" in k for k in chart_keys(at))
        assert any("grad_cell_norms" in k for k in chart_keys(at)) == (params["cell"] == "lstm")


def test_the_gru_step_view_says_pytorchs_convention():
    at = open_app(cell="gru")
    assert "r_t ⊙ (W_hn h_(t-1) + b_hn)" in all_text(at)
    assert any("Cho et al., 2014" in i.value for i in at.info)


def test_chinese_gated_page_is_translated():
    at = open_app(cell="lstm", lang="zh")
    body = all_text(at)
    assert text("zh", "gates.hm.section") in body and text("zh", "gates.eq.header") in body
    assert "Every gate over time" not in body


def test_sidebar_switches_the_cell_and_hides_what_does_not_apply():
    at = open_app(hidden_size="4")
    assert at.get_by_key("nonlinearity") is not None
    at.get_by_key("cell").set_value("lstm").run()
    assert not at.exception
    assert at.query_params["cell"] == "lstm"
    assert "matches torch.nn.LSTM" in all_text(at)
    with pytest.raises(KeyError):
        at.get_by_key("nonlinearity")
    at.get_by_key("proj_size").set_value(2).run()
    assert not at.exception and at.query_params["proj_size"] == "2"
    assert "h_t = W_hr (o_t ⊙ tanh(c_t))" in all_text(at)
    at.get_by_key("cell").set_value("gru").run()
    assert not at.exception and at.query_params["proj_size"] == "0" and at.query_params["cell"] == "gru"


@pytest.mark.parametrize(
    "params",
    [{"cell": "<b>lstm</b>"}, {"cell": "lstm", "proj_size": "-1"}, {"cell": "gru", "proj_size": "2"},
     {"cell": "lstm", "proj_size": "9", "hidden_size": "3"}, {"cell": "lstm", "proj_size": "x" * 500}],
)  # fmt: skip
def test_hostile_gated_url_values_give_a_notice(params):
    at = open_app(**params)
    assert at.warning, "a bad value is named, not ignored"
    assert at.query_params["proj_size"] == "0"


def test_the_kinds_comparison_counts_the_lstm_it_runs_against_the_cells_cap(monkeypatch):
    """A GRU within the cap, whose same-size nn.LSTM (6 values per unit and step, not 4) is over it: the page
    says so instead of running it; with room, the comparison is drawn."""
    from rnnviz.spec import RNNSpec
    from rnnviz.ui.gates_gradients import comparison_cells

    sizes = dict(seq_len="10", batch_size="1", hidden_size="4", num_layers="1", bidirectional="false")
    spec = RNNSpec(cell="gru", **{k: (v == "true") if k == "bidirectional" else int(v) for k, v in sizes.items()})
    assert comparison_cells(spec) == spec.replace(cell="lstm").cells > spec.cells
    monkeypatch.setenv("RNNVIZ_MAX_CELLS", str(spec.cells))  # the GRU fits exactly, its nn.LSTM does not
    at = open_app("rnnviz/ui/pages/gradients.py", cell="gru", **sizes)
    assert not any("grad_kinds" in k for k in chart_keys(at))
    notes = [i.value for i in at.info if "nn.LSTM" in i.value]
    assert notes and f"{comparison_cells(spec):,}" in notes[0] and f"{spec.cells:,}" in notes[0]
    monkeypatch.setenv("RNNVIZ_MAX_CELLS", str(comparison_cells(spec)))
    at = open_app("rnnviz/ui/pages/gradients.py", cell="gru", **sizes)
    assert any("grad_kinds" in k for k in chart_keys(at))


def test_the_kinds_comparison_follows_the_pages_w_hh_scale():
    """g_scale=3: every curve of the RNN/GRU/LSTM comparison is bptt of that module with W_hh × 3 (not × 1),
    and the caption says so."""
    import numpy as np
    import torch

    from rnnviz.bptt import bptt, scaled_copy
    from rnnviz.run import forward
    from rnnviz.spec import RNNSpec
    from tests.test_app_gradients import values

    sizes = dict(seq_len="8", batch_size="1", hidden_size="4", num_layers="1", bidirectional="false")
    at = open_app("rnnviz/ui/pages/gradients.py", cell="gru", g_scale="3", **sizes)
    drawn = chart(at, "grad_kinds")["data"]
    for cell, line in zip(("rnn", "gru", "lstm"), drawn, strict=False):
        spec = RNNSpec(cell=cell, seq_len=8, batch_size=1, hidden_size=4, num_layers=1, bidirectional=False)
        rnn, x, h0 = spec.build()
        want = forward(spec, scaled_copy(rnn, 3.0), x, h0, bptt).norms(0, 0)[:, 0].numpy()
        torch.testing.assert_close(np.asarray(values(line["y"]), dtype=float), want.astype(float), rtol=1e-5, atol=0)
    assert any("scaled by 3×" in c.value for c in at.caption)
