"""The current step drawn in the browser: the step box, the greyed states and the step legend over charts
that do not change with t, and the arrow keys that step (a Streamlit v2 component, no iframe, no network).

The charts are drawn once without a step (figures built with ``t=None``); on every step only this small
element is re-sent, and its script draws ``rnnviz.figures.heatmaps.hidden_step`` / ``output_step`` -- the
very shapes and annotations the exported figure of step t carries -- in an SVG layer over each chart, in
the chart's own axis coordinates (so it follows resizes, zoom and reversed axes).
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from rnnviz import style

_JS = r"""
const SVG = 'http://www.w3.org/2000/svg';
function axisName(ref) { const m = /^([xy])(\d*)/.exec(ref); return m[1] + 'axis' + m[2]; }
function px(fl, ref, v, horizontal) {
  // a coordinate of a plotly shape / annotation -> pixels in the chart (data, "<axis> domain" or paper)
  if (ref === 'paper') return horizontal ? fl._size.l + v * fl._size.w : fl._size.t + (1 - v) * fl._size.h;
  const ax = fl[axisName(ref)];
  if (!ax) return null;
  if (ref.endsWith(' domain')) return ax._offset + (horizontal ? v : 1 - v) * ax._length;
  return ax._offset + ax.l2p(v);
}
function draw(root, spec, state, force) {
  const gd = root && root.querySelector('.js-plotly-plot');
  const fl = gd && gd._fullLayout;
  const box = gd && gd.querySelector('.svg-container');
  if (!fl || !box || !fl._size) return false;
  let layer = box.querySelector(':scope > svg.rnnviz-step');
  if (!layer) {
    layer = document.createElementNS(SVG, 'svg');
    layer.setAttribute('class', 'rnnviz-step');
    layer.style.cssText = 'position:absolute;left:0;top:0;pointer-events:none;overflow:visible';
    const main = box.querySelector(':scope > svg.main-svg');
    box.insertBefore(layer, main ? main.nextSibling : null);  // over the plot, under the hover labels
  }
  const size = fl.width + 'x' + fl.height + ':' + fl._size.l + ',' + fl._size.t;
  if (!force && layer.__spec === spec && layer.__size === size) return true;  // drawn, nothing moved
  layer.__spec = spec; layer.__size = size;
  layer.setAttribute('width', fl.width); layer.setAttribute('height', fl.height);
  layer.replaceChildren();
  for (const s of spec.shapes) {
    const x0 = px(fl, s.xref, s.x0, true), x1 = px(fl, s.xref, s.x1, true);
    const y0 = px(fl, s.yref, s.y0, false), y1 = px(fl, s.yref, s.y1, false);
    if ([x0, x1, y0, y1].some(v => v === null || !isFinite(v))) continue;
    const r = document.createElementNS(SVG, 'rect');
    r.setAttribute('x', Math.min(x0, x1)); r.setAttribute('y', Math.min(y0, y1));
    r.setAttribute('width', Math.abs(x1 - x0)); r.setAttribute('height', Math.abs(y1 - y0));
    r.setAttribute('fill', s.fillcolor || 'none');
    const w = (s.line && s.line.width) || 0;
    if (w) { r.setAttribute('stroke', s.line.color); r.setAttribute('stroke-width', w); }
    r.setAttribute('class', s.fillcolor === state.greyColour ? 'rnnviz-not-yet' : 'rnnviz-step-box');
    layer.appendChild(r);
  }
  for (const a of spec.annotations) {
    const t = document.createElementNS(SVG, 'text');
    t.textContent = a.text;  // text, never HTML
    t.setAttribute('x', px(fl, a.xref, a.x, true));
    t.setAttribute('y', px(fl, a.yref, a.y, false) - (a.yshift || 0));
    t.setAttribute('text-anchor', {left: 'start', right: 'end'}[a.xanchor] || 'middle');
    t.setAttribute('dominant-baseline', a.yanchor === 'top' ? 'hanging' : 'auto');
    t.setAttribute('fill', (a.font && a.font.color) || '#222');
    t.setAttribute('font-family', fl.font.family); t.setAttribute('font-size', fl.font.size);
    t.setAttribute('class', 'rnnviz-step-legend');
    layer.appendChild(t);
  }
  layer.dataset.t = state.t;
  return true;
}
function redraw(state) {
  // a chart whose element keeps another step's figure (rnnviz.ui.inplace): Plotly.react it to the
  // figure of this step in place, without a remount -- again whenever Streamlit draws the element anew.
  // data-rnnviz-t on the chart: the step it shows (null figure: the element itself shows this step)
  const P = window.Plotly;
  for (const [key, fig] of Object.entries(state.figures || {})) {
    const gd = document.querySelector('.st-key-' + key + ' .js-plotly-plot');
    if (gd && !fig) { gd.dataset.rnnvizT = state.t; continue; }
    if (!P || !gd || !gd._fullLayout || gd.data === fig.data) continue;
    if (!gd.__rnnvizRedrawHooked) {
      gd.on('plotly_afterplot', () => requestAnimationFrame(() => drawAll(false)));
      gd.__rnnvizRedrawHooked = true;
    }
    P.react(gd, fig.data, fig.layout).then(() => { if (window.__rnnvizStep === state) gd.dataset.rnnvizT = state.t; });
  }
}
function drawAll(force) {
  // force: after plotly drew a chart (resize, zoom, a new figure); else only what changed is drawn
  const state = window.__rnnvizStep;
  if (!state) return;
  redraw(state);
  for (const [key, spec] of Object.entries(state.charts)) {
    const root = document.querySelector('.st-key-' + key);
    const gd = root && root.querySelector('.js-plotly-plot');
    if (gd && gd.on && !gd.__rnnvizHooked) {
      gd.on('plotly_afterplot', () => requestAnimationFrame(() => drawAll(true)));
      gd.on('plotly_relayout', () => requestAnimationFrame(() => drawAll(true)));
      gd.__rnnvizHooked = true;
    }
    draw(root, spec, state, force);
  }
}
function onKey(e) {
  const st = window.__rnnvizStep;
  if (!st || !st.keys || e.altKey || e.ctrlKey || e.metaKey) return;
  const target = e.target;
  if (target && (target.closest('input, textarea, select, [role="slider"], [contenteditable="true"]'))) return;
  const name = {ArrowRight: 'next', ArrowLeft: 'back'}[e.key];
  const button = name && document.querySelector('.st-key-step_' + name + ' button:not([disabled])');
  if (button) { e.preventDefault(); button.click(); }
}
function play(state) {
  // while playing: press "next" (or "first" after the last step) once this step is shown, the script is
  // idle and play_ms have passed since it arrived -- never a queue of steps, never a skipped one
  clearTimeout(window.__rnnvizPlayTimer);
  if (!state.play_ms) return;
  state.arrived = performance.now();
  const now = performance.now(), last = window.__rnnvizPlayClick || 0;  // the step period counts from the
  const due = (now - last < 4 * state.play_ms ? last : now) + state.play_ms;  // last press, not arrival
  const tick = () => {
    if (window.__rnnvizStep !== state || (window.__rnnvizPausedAt || 0) > state.arrived) return;  // stopped
    const app = document.querySelector("[data-testid='stApp']");
    const wait = due - performance.now();
    if (wait > 0 || !app || app.getAttribute('data-test-script-state') === 'running') {
      window.__rnnvizPlayTimer = setTimeout(tick, Math.max(wait, 30));
      return;
    }
    const next = document.querySelector('.st-key-step_next button:not([disabled])');
    const first = document.querySelector('.st-key-step_first button:not([disabled])');
    if (next || first) { window.__rnnvizPlayClick = performance.now(); (next || first).click(); }
  };
  window.__rnnvizPlayTimer = setTimeout(tick, Math.max(due - now, 0));
}
export default function (component) {
  window.__rnnvizStep = component.data;
  play(component.data);
  if (!window.__rnnvizStepWatch) {  // one watcher per page: charts appear and re-render after this runs
    window.__rnnvizStepWatch = new MutationObserver(records => {
      const ours = r => r.target.closest && r.target.closest('svg.rnnviz-step, .hoverlayer');
      if (window.__rnnvizStepPending || records.every(ours)) return;  // our own drawing, hover labels
      window.__rnnvizStepPending = requestAnimationFrame(() => { window.__rnnvizStepPending = 0; drawAll(false); });
    });
    window.__rnnvizStepWatch.observe(document.body, {childList: true, subtree: true});
    document.addEventListener('keydown', onKey);
    document.addEventListener('click', e => {  // "pause" stops asking for steps at once, before its run
      if (e.target.closest && e.target.closest('.st-key-step_play')) {
        window.__rnnvizPausedAt = performance.now(); clearTimeout(window.__rnnvizPlayTimer);
      }
    }, true);
  }
  drawAll(false);
}
"""

COMPONENT = "rnnviz_step"  # the component's name (and its one element's key)
_COMPONENT = None


def _component():
    global _COMPONENT
    if _COMPONENT is None:
        _COMPONENT = st.components.v2.component(COMPONENT, js=_JS, html="<span></span>", isolate_styles=False)
    return _COMPONENT


def show(
    t: int,
    charts: dict[str, dict],
    keys: bool = False,
    play_ms: int | None = None,
    figures: dict[str, go.Figure | None] | None = None,
) -> None:
    """Draw step ``t`` over the charts with these Streamlit keys: ``charts[key]`` is what the step adds
    to that chart (``{"shapes": [...], "annotations": [...]}``, e.g. heatmaps.hidden_step). ``keys``:
    the left and right arrow keys press the step buttons (lesson mode). ``play_ms``: playing, the next
    step is asked for this many ms after this one arrived, once it is drawn (None: not playing).
    ``figures[key]``: the chart in the element with that key is redrawn in place (Plotly.react) with
    this figure (None: it shows step t as sent); its ``data-rnnviz-t`` says which step it shows."""
    data = {"t": t, "charts": charts, "keys": keys, "greyColour": style.NOT_YET, "play_ms": play_ms,
            "figures": {key: fig and fig.to_dict() for key, fig in (figures or {}).items()}}  # fmt: skip
    _component()(data=data, key=COMPONENT, width="stretch", height="content")
