"""The source's spec and caches: SourcedSpec builds the source's module, replace() drops what no longer fits,
and a call with a user's weights or input never reaches a shared (cross-session) cache."""

from __future__ import annotations

from types import SimpleNamespace

import torch
from sources_models import make_module

from rnnviz.lesson.caption import caption
from rnnviz.sources.sourced import OwnInput, Source, SourcedSpec, describe, fixed_fields, private, weights_of
from rnnviz.spec import RNNSpec
from rnnviz.ui import caches


def _sourced(**over) -> SourcedSpec:
    gru = make_module("GRU", input_size=3, hidden_size=2, num_layers=2)
    fields = fixed_fields(gru, "gru") | {"seq_len": 4, "batch_size": 1} | over
    return SourcedSpec(**fields, source=Source("upload", "abc", "", "my.pt"), weights=weights_of(gru, ("# load",)))


def test_a_sourced_spec_builds_the_files_module_each_time_a_fresh_copy():
    spec = _sourced()
    a, x, _ = spec.build()
    b, _, _ = spec.build()
    assert a is not b
    for (name, p), q in zip(a.named_parameters(), b.parameters(), strict=True):
        torch.testing.assert_close(p, q)
        torch.testing.assert_close(p, spec.weights.state[name])
    assert tuple(x.shape) == (4, 1, 3)


def test_equal_fields_but_another_source_is_another_run():
    spec = _sourced()
    assert spec != RNNSpec(**{k: getattr(spec, k) for k in RNNSpec.__dataclass_fields__})
    assert spec != _sourced().replace(seed=1)
    assert spec == _sourced() and hash(spec) == hash(_sourced())


def test_replace_keeps_the_source_unless_the_weights_no_longer_fit():
    spec = _sourced()
    assert isinstance(spec.replace(seq_len=7), SourcedSpec)  # a seeded input of another length: still the file
    other = spec.replace(cell="lstm")  # e.g. the gradients page's LSTM comparison: a seeded LSTM
    assert type(other) is RNNSpec and other.cell == "lstm"
    own = OwnInput(torch.zeros(4, 1, 3), None, None, ("x = ...",))
    with_input = SourcedSpec(**{k: getattr(spec, k) for k in RNNSpec.__dataclass_fields__},
                             source=Source("upload", "abc", "in1", "my.pt"), weights=spec.weights, own=own)  # fmt: skip
    shorter = with_input.replace(seq_len=2)  # the own input no longer fits: the file's module, seeded input
    assert isinstance(shorter, SourcedSpec) and shorter.own is None and shorter.source.input_id == ""


def test_captions_say_where_the_weights_came_from_in_both_languages():
    spec = _sourced()
    assert "my.pt" in caption(spec, 0, "en") and "my.pt" in caption(spec, 0, "zh")
    assert describe(RNNSpec()) == ""
    fields = {k: getattr(spec, k) for k in RNNSpec.__dataclass_fields__}
    hostile = SourcedSpec(**fields, source=Source("upload", "abc", "", "[x](http://e.vil)<b>.pt"), weights=spec.weights)
    said = describe(hostile)
    assert "_x__http___e.vil__b_.pt" in said and not set("[]<>") & set(said)  # no link, no tag: plain text


def test_a_private_call_goes_to_the_session_lru_and_never_to_the_shared_cache(monkeypatch):
    shared_calls, computed = [], []

    def fake_cache_resource(**kwargs):
        def wrap(fn):
            def cached(*args):
                shared_calls.append(args)
                return fn(*args)

            cached.clear = lambda: None
            return cached

        return wrap

    fake_st = SimpleNamespace(cache_resource=fake_cache_resource, session_state={})
    monkeypatch.setattr(caches, "st", fake_st)

    @caches.shared("run")
    def f(spec, t):
        computed.append(spec)
        return object()

    spec = _sourced()
    first = f(spec, 1)
    assert f(spec, 1) is first and len(computed) == 1  # kept in the session's LRU
    assert shared_calls == []
    f(RNNSpec(), 1)
    assert len(shared_calls) == 1
    assert private((spec, 1)) and not private((RNNSpec(), 1))
    for i in range(caches.SESSION_ENTRIES + 5):  # bounded
        f(spec.replace(seed=i + 1), 1)
    assert len(fake_st.session_state["_rnnviz_session_cache"]) == caches.SESSION_ENTRIES
