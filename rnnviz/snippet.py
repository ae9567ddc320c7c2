"""The PyTorch code that reproduces an RNNSpec exactly: seed, nn.RNN(...), the input, h0 and the call."""

from __future__ import annotations

from rnnviz.i18n import text
from rnnviz.spec import RNNSpec


def snippet(spec: RNNSpec) -> str:
    """Runnable Python that builds the same module, input and h0 as ``spec.build()`` (same seed, same
    order) and calls it, so its ``output`` and ``h_n`` are the numbers the app shows."""
    L, N, F = spec.seq_len, spec.batch_size, spec.input_size
    layout = "[batch, seq_len, input_size]" if spec.batch_first else "[seq_len, batch, input_size]"
    lines = ["import math" if spec.input_kind == "sine" else "", "import torch", "from torch import nn", ""]
    lines += [f"torch.manual_seed({spec.seed})", f"rnn = nn.RNN({_kwargs(spec)})"]
    lines += _input_lines(spec, L, N, F, layout)
    if spec.h0_kind == "random":
        lines.append(f"h0 = torch.randn{spec.h0_shape}  # [num_layers*num_directions, batch, hidden_size]")
    else:
        lines.append("h0 = None  # zeros: what nn.RNN uses when h0 is omitted")
    lines.append("rnn.train()  # dropout acts between layers" if spec.training else "rnn.eval()")
    if spec.training:
        lines.append(f"torch.manual_seed({spec.seed})  # the dropout masks are drawn from this RNG state")
    out, hn = _shape(spec.output_shape), _shape(spec.h_n_shape)
    lines += ["with torch.no_grad():", f"    output, h_n = rnn(x, h0)  # output {out}, h_n {hn}"]
    return "\n".join(lines).lstrip("\n") + "\n"


def _kwargs(spec: RNNSpec) -> str:
    parts = [f"{k}={v!r}" for k, v in spec.rnn_kwargs().items()]
    return ",\n             ".join(", ".join(parts[i : i + 4]) for i in range(0, len(parts), 4))


def _input_lines(spec: RNNSpec, L: int, N: int, F: int, layout: str) -> list[str]:
    shape = spec.input_shape
    if spec.input_kind == "normal":
        return [f"x = torch.randn{shape}  # {layout}"]
    if spec.input_kind == "uniform":
        return [f"x = torch.rand{shape}  # {layout}"]
    lines = [f"L, N, F = {L}, {N}, {F}", "t = torch.arange(L, dtype=torch.float32).view(L, 1, 1)  # [L, 1, 1]"]
    if spec.input_kind == "sine":
        lines += [
            "freq = torch.arange(1, F + 1, dtype=torch.float32).view(1, 1, F)  # feature i: frequency i + 1",
            "phase = torch.arange(N, dtype=torch.float32).view(1, N, 1) / 2  # sequence n: phase n / 2",
            "x = torch.sin(2 * math.pi * t / L * freq + phase)  # [L, N, F]",
        ]
    else:  # ramp
        lines.append(f"x = (t / {max(L - 1, 1)} * 2 - 1).expand(L, N, F).contiguous()  # [L, N, F], -1 .. 1")
    if spec.batch_first:
        lines.append(f"x = x.transpose(0, 1).contiguous()  # {layout}")
    return lines


def _shape(shape: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(s) for s in shape) + "]"


def cell_loop_snippet(spec: RNNSpec, lang: str = "en") -> str:
    """The tutorials' nn.RNNCell loop with ``rnn``'s weights (continues ``snippet``: uses rnn, x, h0, output).

    One layer, one direction: ``for x_t in x: h = cell(x_t, h)``; a layer loop only for a stacked model, a
    reverse loop only for a bidirectional one. Comments in ``lang``. It runs in eval mode (no dropout), so
    in train mode it first recomputes ``output`` with ``rnn.eval()``. Defines ``out_cells``, ``h_n_cells``.
    """
    c = lambda key, **kw: text(lang, f"code.{key}", **kw)  # noqa: E731
    lines = []
    if spec.training:
        lines += [f"rnn.eval()  # {c('eval')}", "with torch.no_grad():", "    output, h_n = rnn(x, h0)", ""]
    if spec.num_layers == 1 and spec.num_directions == 1:
        lines += _simple_loop(spec, c)
    else:
        lines += _general_loop(spec, c)
    lines.append(
        f"print((out_cells - output).abs().max(), (torch.stack(h_n_cells) - h_n).abs().max())  # {c('compare')}"
    )
    return "\n".join(lines) + "\n"


def _cell_args(spec: RNNSpec, in_size: str) -> str:
    extra = ("" if spec.bias else ", bias=False") + ("" if spec.nonlinearity == "tanh" else ", nonlinearity='relu'")
    return f"{in_size}, {spec.hidden_size}{extra}"


def _names(spec: RNNSpec) -> tuple[str, ...]:
    return ("weight_ih", "weight_hh", "bias_ih", "bias_hh") if spec.bias else ("weight_ih", "weight_hh")


def _time_major(spec: RNNSpec, c) -> tuple[str, list[str]]:
    """The loop's sequence: x itself, or x.transpose(0, 1) under batch_first (with a comment line)."""
    if spec.batch_first:
        return "x.transpose(0, 1)", [f"# {c('batch_first')}"]
    return "x", []


def _simple_loop(spec: RNNSpec, c) -> list[str]:
    N, H, f, last = spec.batch_size, spec.hidden_size, spec.nonlinearity, spec.seq_len - 1
    xs, note = _time_major(spec, c)
    lines = [
        f"cell = nn.RNNCell({_cell_args(spec, str(spec.input_size))})",
        f"with torch.no_grad():  # {c('same_weights')}",
    ]
    lines += [f"    cell.{name}.copy_(rnn.{name}_l0)" for name in _names(spec)]
    lines += [
        f"h = h0[0] if h0 is not None else torch.zeros({N}, {H})  # [batch, hidden_size]",
        "outputs = []",
        *note,
        "with torch.no_grad():",
        f"    for x_t in {xs}:  # {c('each_step', last=last)}",
        f"        h = cell(x_t, h)  # h_t = {f}(W_ih x_t + b_ih + W_hh h_{{t-1}} + b_hh)",
        "        outputs.append(h)",
        f"out_cells = torch.stack(outputs{', dim=1' if spec.batch_first else ''})  # {_out_dims(spec)}",
        "h_n_cells = [h]  # h_n[0]",
    ]
    return lines


def _general_loop(spec: RNNSpec, c) -> list[str]:
    D, H, f, last, layers = spec.num_directions, spec.hidden_size, spec.nonlinearity, spec.seq_len - 1, spec.num_layers
    stacked = layers > 1
    lay, pname = ("layer", "{layer}") if stacked else ("0", "0")
    in_size = f"{spec.input_size} if layer == 0 else {D * H}" if stacked else str(spec.input_size)
    sfx = '("", "_reverse")' if D == 2 else '("",)'
    xs, note = _time_major(spec, c)
    lines = [f"cells = {{}}  # {c('cells')}", "with torch.no_grad():"]
    body = [
        f"for d, sfx in enumerate({sfx}):",
        f"    cells[{lay}, d] = nn.RNNCell({_cell_args(spec, in_size)})",
        f"    for name in {_names(spec)!r}:",
        f'        getattr(cells[{lay}, d], name).copy_(getattr(rnn, f"{{name}}_l{pname}{{sfx}}"))',
    ]
    lines += _indent(([f"for layer in range({layers}):"] + _indent(body)) if stacked else body)
    lines += [
        f"h0_ = h0 if h0 is not None else torch.zeros{spec.h0_shape}",
        *note,
        f"inp = {xs}  # [seq_len, batch, input_size]",
    ]
    lines += ["h_n_cells = []", "with torch.no_grad():"]
    step = f"h_t = {f}(W_ih x_t + b_ih + W_hh h_{{t-1}} + b_hh)"
    body = [
        f"h, fwd = h0_[{'layer * ' + str(D) if stacked else '0'}], []",
        f"for x_t in inp:  # {c('each_step', last=last)}",
        f"    h = cells[{lay}, 0](x_t, h)  # {step}",
        "    fwd.append(h)",
        "h_n_cells.append(h)",
    ]
    if D == 2:
        body += [
            f"h, rev = h0_[{'layer * 2 + 1' if stacked else '1'}], []",
            f"for x_t in inp.flip(0):  # {c('reverse', last=last)}",
            f"    h = cells[{lay}, 1](x_t, h)  # h_t = {f}(W_ih x_t + b_ih + W_hh h_{{t+1}} + b_hh)",
            f"    rev.insert(0, h)  # {c('stored')}",
            "h_n_cells.append(h)",
            f"inp = torch.cat([torch.stack(fwd), torch.stack(rev)], dim=-1)  # {c('concat')}",
        ]
    else:
        body.append(f"inp = torch.stack(fwd)  # {c('next_input')}")
    lines += _indent(([f"for layer in range({layers}):"] + _indent(body)) if stacked else body)
    lines.append(f"out_cells = inp{'.transpose(0, 1)' if spec.batch_first else ''}  # {_out_dims(spec)}")
    return lines


def _indent(lines: list[str]) -> list[str]:
    return ["    " + line for line in lines]


def _out_dims(spec: RNNSpec) -> str:
    feats = "num_directions*hidden_size" if spec.num_directions == 2 else "hidden_size"
    return f"[batch, seq_len, {feats}]" if spec.batch_first else f"[seq_len, batch, {feats}]"
