"""The PyTorch code that reproduces an RNNSpec exactly: seed, nn.RNN/GRU/LSTM(...), the input, hx and the call."""

from __future__ import annotations

from rnnviz.kinds import get_kind
from rnnviz.spec import RNNSpec


def snippet(spec: RNNSpec) -> str:
    """Runnable Python that builds the same module, input and h0 (c0) as ``spec.build()`` (same seed, same
    order) and calls it, so its ``output`` and ``h_n`` (``c_n``) are the numbers the app shows."""
    L, N, F = spec.seq_len, spec.batch_size, spec.input_size
    kind = get_kind(spec.cell)
    layout = "[batch, seq_len, input_size]" if spec.batch_first else "[seq_len, batch, input_size]"
    lines = ["import math" if spec.input_kind == "sine" else "", "import torch", "from torch import nn", ""]
    ctor = kind.constructor()
    lines += [f"torch.manual_seed({spec.seed})", f"rnn = {ctor}({_kwargs(spec, len(ctor) + 7)})"]
    lines += _input_lines(spec, L, N, F, layout)
    h_size = "proj_size" if spec.proj_size else "hidden_size"
    if spec.h0_kind == "random":
        lines.append(f"h0 = torch.randn{spec.h0_shape}  # [num_layers*num_directions, batch, {h_size}]")
        if spec.c0_shape:
            lines.append(f"c0 = torch.randn{spec.c0_shape}  # [num_layers*num_directions, batch, hidden_size]")
            lines.append("hx = (h0, c0)")
    elif spec.c0_shape:
        lines.append("hx = None  # zeros: what nn.LSTM uses for h0 and c0 when hx is omitted")
    else:
        lines.append(f"h0 = None  # zeros: what {ctor} uses when h0 is omitted")
    lines.append("rnn.train()  # dropout acts between layers" if spec.training else "rnn.eval()")
    if spec.training:
        lines.append(f"torch.manual_seed({spec.seed})  # the dropout masks are drawn from this RNG state")
    out, hn = _shape(spec.output_shape), _shape(spec.h_n_shape)
    if spec.c0_shape:
        call = f"    output, (h_n, c_n) = rnn(x, hx)  # output {out}, h_n {hn}, c_n {_shape(spec.c_n_shape)}"
    else:
        call = f"    output, h_n = rnn(x, h0)  # output {out}, h_n {hn}"
    lines += ["with torch.no_grad():", call]
    return "\n".join(lines).lstrip("\n") + "\n"


def _kwargs(spec: RNNSpec, indent: int = 13) -> str:
    parts = [f"{k}={v!r}" for k, v in spec.rnn_kwargs().items()]
    return (",\n" + " " * indent).join(", ".join(parts[i : i + 4]) for i in range(0, len(parts), 4))


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


def cell_loop_snippet(spec: RNNSpec) -> str:
    """The tutorials' nn.RNNCell loop with ``rnn``'s weights (continues ``snippet``: uses rnn, x, h0, output).

    It runs in eval mode (no dropout), so in train mode it first recomputes ``output`` with ``rnn.eval()``.
    """
    D, H, L = spec.num_directions, spec.hidden_size, spec.seq_len
    kind = get_kind(spec.cell)
    bias = ("weight_ih", "weight_hh", "bias_ih", "bias_hh") if spec.bias else ("weight_ih", "weight_hh")
    bias += ("weight_hr",) if spec.proj_size else ()
    cell = kind.snippet_cell(H, spec.bias, spec.nonlinearity, spec.proj_size)
    lstm = spec.c0_shape is not None
    call = "rnn(x, hx)" if lstm else "rnn(x, h0)"
    lines = []
    if spec.training:
        out = "output, (h_n, c_n)" if lstm else "output, h_n"
        lines += ["rnn.eval()  # compare without dropout", "with torch.no_grad():", f"    {out} = {call}", ""]
    if lstm:
        start = [f"hx_ = hx if hx is not None else (torch.zeros{spec.h0_shape}, torch.zeros{spec.c0_shape})"]
    else:
        start = [f"h0_ = h0 if h0 is not None else torch.zeros{spec.h0_shape}"]
    if cell is None:  # no PyTorch cell (LSTM with proj_size): the step reads the weights directly
        setup = [f"            w = {{name: getattr(rnn, name + sfx) for name in {bias!r}}}  # the same weights"]
    else:
        setup = [
            f"            cell = {cell}",
            f"            for name in {bias!r}:",
            "                getattr(cell, name).copy_(getattr(rnn, name + sfx))  # the same weights",
        ]
    h_size = "proj_size" if spec.proj_size else "hidden_size"
    if lstm:
        state = [f"            h, c = hx_[0][layer * {D} + d], hx_[1][layer * {D} + d]  # [batch, {h_size}], c: hidden"]
    else:
        state = ["            h = h0_[layer * " + str(D) + " + d]  # [batch, hidden_size]"]
    lines += [
        f"inp = x{'.transpose(0, 1)' if spec.batch_first else ''}  # [seq_len, batch, input_size]",
        *start,
        "h_n_cells = []",
        "with torch.no_grad():",
        f"    for layer in range({spec.num_layers}):",
        "        outs = []",
        f"        for d in range({D}):  # 0: forward, 1: reverse",
        '            sfx = f"_l{layer}" + ("_reverse" if d else "")',
        *setup,
        *state,
        f"            steps = [None] * {L}",
        f"            for t in (range({L}) if d == 0 else reversed(range({L}))):",
        *("                " + line for line in kind.snippet_step(spec.nonlinearity, spec.proj_size)),
        "                steps[t] = h",
        "            outs.append(torch.stack(steps))  # [seq_len, batch, hidden_size]",
        "            h_n_cells.append(h)",
        "        inp = torch.cat(outs, dim=-1)  # [seq_len, batch, D*hidden_size]: the next layer's input",
        f"out_cells = inp{'.transpose(0, 1)' if spec.batch_first else ''}",
        "print((out_cells - output).abs().max(), (torch.stack(h_n_cells) - h_n).abs().max())",
    ]
    return "\n".join(lines) + "\n"
