"""'What did it learn': the activations equal the module's, features, unit ranking, select-and-match, gates."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from learned_models import QUOTE_TEXT, quote_model, trained

from rnnviz.lab import interpret

PASSAGE = "ma mā má\nshuang shuāng"


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
def test_activations_equal_the_module_at_every_step_and_layer(cell):
    t = trained(cell)
    model, vocab = t.model, t.vocab
    acts = interpret.activations(model, vocab, PASSAGE)
    idx = torch.tensor([vocab.encode(PASSAGE)])
    with torch.no_grad():
        x = model.embedding(idx.T)  # [T, 1, H]
        logits, _ = model(idx)
        torch.testing.assert_close(torch.from_numpy(acts.probs), torch.softmax(logits, -1))
        for step in range(len(PASSAGE)):  # the module run on text[:step+1]: its h_n is every layer's h_t
            _, state = model.rnn(x[: step + 1])
            h_n, c_n = state if cell == "lstm" else (state, None)
            for layer in range(model.num_layers):
                torch.testing.assert_close(torch.from_numpy(acts.h[layer][step]), h_n[layer, 0])
                if c_n is not None:
                    torch.testing.assert_close(torch.from_numpy(acts.c[layer][step]), c_n[layer, 0])
    assert acts.max_diff < 1e-5
    assert acts.next_prob().shape == (len(PASSAGE) - 1,)
    np.testing.assert_allclose(acts.next_prob()[0], acts.probs[0, vocab.char_to_idx[PASSAGE[1]]])


def test_gates_match_the_lstm_equations():
    t = trained("lstm", num_layers=1)
    acts = interpret.activations(t.model, t.vocab, PASSAGE)
    g, h, c = acts.gates[0], acts.h[0], acts.c[0]
    c_prev = np.vstack([np.zeros((1, c.shape[1])), c[:-1]])
    np.testing.assert_allclose(c, g["f"] * c_prev + g["i"] * g["g"], atol=1e-6)
    np.testing.assert_allclose(h, g["o"] * np.tanh(c), atol=1e-6)
    assert acts.quantities() == ("h", "c", "tanh_c", "i", "f", "g", "o")


def test_unknown_characters_and_empty_text_are_refused():
    t = trained("gru")
    with pytest.raises(ValueError, match="Q"):
        interpret.activations(t.model, t.vocab, "maQ")
    with pytest.raises(ValueError):
        interpret.activations(t.model, t.vocab, "")


def test_text_features():
    f = interpret.text_features('a "b" (c(d))\n  12 x', syllables=False)
    assert f["quote"].tolist()[:6] == [0, 0, 1, 1, 0, 0]
    assert f["bracket"].tolist()[6:12] == [1, 1, 2, 2, 1, 0]
    assert f["line_pos"][12] == 0 and f["line_pos"][13] == 1  # the line break, then the next line's first char
    assert f["indent"][15] == 2 and f["indent"][5] == 0
    assert f["digit"].tolist()[15:17] == [1, 1]
    assert f["word_start"].tolist()[:3] == [1, 0, 0] and f["word_start"][16] == 0 and f["word_start"][18] == 1
    s = interpret.text_features("zhuāng ma", syllables=True)["syllable_pos"]
    assert s.tolist() == [1, 2, 3, 4, 5, 6, 0, 1, 2]


def test_the_quote_unit_ranks_first():
    model, vocab = quote_model()
    acts = interpret.activations(model, vocab, QUOTE_TEXT)
    features = interpret.text_features(QUOTE_TEXT)
    h = acts.values(0, "h")
    assert np.all(h[features["quote"] == 1, 0] > 0.5)  # the hand-built unit really is the flag
    ranked = interpret.rank_units(h, features)
    assert (ranked[0].unit, ranked[0].feature) == (0, "quote")
    assert ranked[0].r > 0.9
    assert all(abs(r.r) < ranked[0].r for r in ranked[1:])


def test_a_unit_that_tracks_no_feature_better_than_chance_is_not_first():
    rng = np.random.default_rng(0)
    text_ = QUOTE_TEXT
    feats = interpret.text_features(text_)
    values = np.stack([rng.normal(size=len(text_)), feats["line_pos"] + rng.normal(scale=0.1, size=len(text_))], 1)
    ranked = interpret.rank_units(values, feats)
    assert (ranked[0].unit, ranked[0].feature) == (1, "line_pos")


def test_select_and_match_on_a_constructed_case():
    values = np.zeros((12, 3))
    values[:, 0] = 1.0  # always on: not off before the span, so not picked
    values[[2, 3, 4, 7, 8], 1] = 1.0  # on over the span and again later
    values[[3], 2] = 1.0  # on over only part of the span
    units = interpret.select_units(values, 2, 5, threshold=0.5)
    assert units == [1]
    spans = interpret.match_spans(values, units, threshold=0.5)
    assert [(m.start, m.end) for m in spans] == [(2, 5), (7, 9)]
    assert interpret.select_units(values, 3, 4, threshold=0.5) == [2]  # unit 1 was on just before step 3
    assert interpret.select_units(values, 3, 4, threshold=0.5, before=0) == [0, 1, 2]
    with pytest.raises(ValueError):
        interpret.select_units(values, 5, 5, 0.5)


def test_gate_saturation_fractions():
    gates = {"i": np.array([[0.05, 0.5], [0.95, 0.5], [0.05, 0.99], [0.05, 0.5]]), "g": np.zeros((4, 2))}
    sat = interpret.saturation(gates)
    assert list(sat) == ["i"]  # g is a tanh candidate, not a gate
    left, right = sat["i"]
    np.testing.assert_allclose(left, [0.75, 0.0])
    np.testing.assert_allclose(right, [0.25, 0.25])


def test_csv_rows_hold_every_quantity_of_every_unit():
    t = trained("lstm", num_layers=1)
    acts = interpret.activations(t.model, t.vocab, PASSAGE)
    rows = interpret.csv_rows(acts, 0)
    assert len(rows) == len(PASSAGE) and rows[0]["char"] == PASSAGE[0] and rows[-1]["next"] == ""
    assert rows[3]["f[2]"] == pytest.approx(float(acts.gates[0]["f"][3, 2]))
    assert rows[3]["p_next"] == pytest.approx(float(acts.next_prob()[3]))
