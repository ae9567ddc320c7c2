"""The PyTorch code that reproduces an RNNSpec exactly: seed, nn.RNN/GRU/LSTM(...), the input, hx and the call."""

from __future__ import annotations

from rnnviz.i18n import text
from rnnviz.kinds import Kind, get_kind
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
    sourced = getattr(spec, "snippet_lines", None)  # a SourcedSpec: load its weights, set its input
    lines += ["", *sourced()] if sourced else []
    lines.append("rnn.train()  # dropout acts between layers" if spec.training else "rnn.eval()")
    if spec.training:
        lines.append(f"torch.manual_seed({spec.seed})  # the dropout masks are drawn from this RNG state")
    out, hn = _shape(spec.output_shape), _shape(spec.h_n_shape)
    if spec.c0_shape:
        call = f"    output, (h_n, c_n) = rnn(x, hx)  # output {out}, h_n {hn}, c_n {_shape(spec.c_n_shape)}"
    else:
        call = f"    output, h_n = rnn(x, h0)  # output {out}, h_n {hn}"
    if spec.lengths is not None:
        return "\n".join(lines + _packed_call_lines(spec, call)).lstrip("\n") + "\n"
    lines += ["with torch.no_grad():", call]
    return "\n".join(lines).lstrip("\n") + "\n"


def _packed_call_lines(spec: RNNSpec, call: str) -> list[str]:
    """The call on ``pack_padded_sequence(x, lengths, ..., enforce_sorted=False)``, output padded back."""
    bf = spec.batch_first
    hx = "hx" if spec.c0_shape else "h0"
    state = "(h_n, c_n)" if spec.c0_shape else "h_n"
    return [
        "from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence",
        f"lengths = torch.tensor({list(spec.lengths)})  # each sequence's valid length; the steps after it are padding",
        f"packed = pack_padded_sequence(x, lengths, batch_first={bf}, enforce_sorted=False)",
        "with torch.no_grad():",
        f"    packed_output, {state} = rnn(packed, {hx})  # h_n: each sequence's state at its own last step",
        f"output, _ = pad_packed_sequence(packed_output, batch_first={bf}, total_length={spec.seq_len})"
        f"  # output {_shape(spec.output_shape)}, zeros past each length",
    ]


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


def cell_loop_snippet(spec: RNNSpec, lang: str = "en") -> str:
    """The tutorials' nn.RNNCell loop with ``rnn``'s weights (continues ``snippet``: uses rnn, x, h0, output).

    One layer, one direction: ``for x_t in x: h = cell(x_t, h)``; a layer loop only for a stacked model, a
    reverse loop only for a bidirectional one. Comments in ``lang``. It runs in eval mode (no dropout), so
    in train mode it first recomputes ``output`` with ``rnn.eval()``; with lengths, with the unpacked call (the
    loop runs every sequence for all seq_len steps). Defines ``out_cells``, ``h_n_cells``.
    """
    c = lambda key, **kw: text(lang, f"code.{key}", **kw)  # noqa: E731
    kind = get_kind(spec.cell)
    lines = []
    out, call = ("output, (h_n, c_n)", "rnn(x, hx)") if kind.has_cell_state else ("output, h_n", "rnn(x, h0)")
    if spec.training:
        lines += [f"rnn.eval()  # {c('eval')}", "with torch.no_grad():", f"    {out} = {call}", ""]
    elif spec.lengths is not None:  # the loop runs every sequence to seq_len: compare with the unpacked call
        lines += ["with torch.no_grad():", f"    {out} = {call}  # {c('unpacked')}", ""]
    if kind.snippet_cell(spec.hidden_size, spec.bias, spec.nonlinearity, spec.proj_size) is None:
        lines += _written_out_loop(spec, c, kind)
    elif spec.num_layers == 1 and spec.num_directions == 1:
        lines += _simple_loop(spec, c, kind)
    else:
        lines += _general_loop(spec, c, kind)
    compare = c("compare", cell=kind.cell_type.__name__, module=kind.constructor())
    lines.append(f"print((out_cells - output).abs().max(), (torch.stack(h_n_cells) - h_n).abs().max())  # {compare}")
    return "\n".join(lines) + "\n"


def _cell_args(spec: RNNSpec, kind: Kind, in_size: str) -> str:
    relu = kind.takes_nonlinearity and spec.nonlinearity != "tanh"
    extra = ("" if spec.bias else ", bias=False") + (", nonlinearity='relu'" if relu else "")
    return f"{in_size}, {spec.hidden_size}{extra}"


def _step(spec: RNNSpec, kind: Kind, cell: str, reverse: bool = False) -> str:
    """One call of the cell, with what it computes as a comment (the reverse direction reads h_{t+1})."""
    comment = kind.cell_comment(spec.nonlinearity)
    comment = comment.replace("t-1", "t+1") if reverse else comment
    call = f"h, c = {cell}(x_t, (h, c))" if kind.has_cell_state else f"h = {cell}(x_t, h)"
    return f"{call}  # {comment}"


def _start_state(spec: RNNSpec, kind: Kind, index: str) -> str:
    """The state a direction starts from: h (and c) of h0 (hx) at ``index``."""
    if kind.has_cell_state:
        return f"h, c = hx_[0][{index}], hx_[1][{index}]"
    return f"h = h0_[{index}]"


def _zeros(spec: RNNSpec, kind: Kind) -> str:
    """hx_ / h0_: the given initial state, or zeros as the module uses when it is omitted."""
    if kind.has_cell_state:
        return f"hx_ = hx if hx is not None else (torch.zeros{spec.h0_shape}, torch.zeros{spec.c0_shape})"
    return f"h0_ = h0 if h0 is not None else torch.zeros{spec.h0_shape}"


def _names(spec: RNNSpec) -> tuple[str, ...]:
    return ("weight_ih", "weight_hh", "bias_ih", "bias_hh") if spec.bias else ("weight_ih", "weight_hh")


def _time_major(spec: RNNSpec, c) -> tuple[str, list[str]]:
    """The loop's sequence: x itself, or x.transpose(0, 1) under batch_first (with a comment line)."""
    if spec.batch_first:
        return "x.transpose(0, 1)", [f"# {c('batch_first')}"]
    return "x", []


def _simple_loop(spec: RNNSpec, c, kind: Kind) -> list[str]:
    last = spec.seq_len - 1
    xs, note = _time_major(spec, c)
    lines = [
        f"cell = nn.{kind.cell_type.__name__}({_cell_args(spec, kind, str(spec.input_size))})",
        f"with torch.no_grad():  # {c('same_weights')}",
    ]
    lines += [f"    cell.{name}.copy_(rnn.{name}_l0)" for name in _names(spec)]
    lines += [
        _zeros(spec, kind),
        f"{_start_state(spec, kind, '0')}  # [batch, hidden_size]",
        "outputs = []",
        *note,
        "with torch.no_grad():",
        f"    for x_t in {xs}:  # {c('each_step', last=last)}",
        f"        {_step(spec, kind, 'cell')}",
        "        outputs.append(h)",
        f"out_cells = torch.stack(outputs{', dim=1' if spec.batch_first else ''})  # {_out_dims(spec)}",
        "h_n_cells = [h]  # h_n[0]",
    ]
    return lines


def _general_loop(spec: RNNSpec, c, kind: Kind) -> list[str]:
    D, H, last, layers = spec.num_directions, spec.hidden_size, spec.seq_len - 1, spec.num_layers
    stacked = layers > 1
    lay, pname = ("layer", "{layer}") if stacked else ("0", "0")
    in_size = f"{spec.input_size} if layer == 0 else {D * H}" if stacked else str(spec.input_size)
    sfx = '("", "_reverse")' if D == 2 else '("",)'
    xs, note = _time_major(spec, c)
    lines = [f"cells = {{}}  # {c('cells', cell='nn.' + kind.cell_type.__name__)}", "with torch.no_grad():"]
    body = [
        f"for d, sfx in enumerate({sfx}):",
        f"    cells[{lay}, d] = nn.{kind.cell_type.__name__}({_cell_args(spec, kind, in_size)})",
        f"    for name in {_names(spec)!r}:",
        f'        getattr(cells[{lay}, d], name).copy_(getattr(rnn, f"{{name}}_l{pname}{{sfx}}"))',
    ]
    lines += _indent(([f"for layer in range({layers}):"] + _indent(body)) if stacked else body)
    lines += [
        _zeros(spec, kind),
        *note,
        f"inp = {xs}  # [seq_len, batch, input_size]",
    ]
    lines += ["h_n_cells = []", "with torch.no_grad():"]
    body = [
        _start_state(spec, kind, f"layer * {D}" if stacked else "0"),
        "fwd = []",
        f"for x_t in inp:  # {c('each_step', last=last)}",
        f"    {_step(spec, kind, f'cells[{lay}, 0]')}",
        "    fwd.append(h)",
        "h_n_cells.append(h)",
    ]
    if D == 2:
        body += [
            _start_state(spec, kind, "layer * 2 + 1" if stacked else "1"),
            "rev = []",
            f"for x_t in inp.flip(0):  # {c('reverse', last=last)}",
            f"    {_step(spec, kind, f'cells[{lay}, 1]', reverse=True)}",
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


def _written_out_loop(spec: RNNSpec, c, kind: Kind) -> list[str]:
    """The loop for a kind PyTorch has no cell for (LSTM with proj_size): the step reads the weights directly."""
    D, H, L = spec.num_directions, spec.hidden_size, spec.seq_len
    bias = ("weight_ih", "weight_hh", "bias_ih", "bias_hh") if spec.bias else ("weight_ih", "weight_hh")
    bias += ("weight_hr",) if spec.proj_size else ()
    cell = kind.snippet_cell(H, spec.bias, spec.nonlinearity, spec.proj_size)
    lstm = spec.c0_shape is not None
    lines = []
    if lstm:
        start = [f"hx_ = hx if hx is not None else (torch.zeros{spec.h0_shape}, torch.zeros{spec.c0_shape})"]
    else:
        start = [f"h0_ = h0 if h0 is not None else torch.zeros{spec.h0_shape}"]
    if cell is None:  # no PyTorch cell (LSTM with proj_size): the step reads the weights directly
        setup = [f"            w = {{name: getattr(rnn, name + sfx) for name in {bias!r}}}  # {c('same_weights')}"]
    else:
        setup = [
            f"            cell = {cell}",
            f"            for name in {bias!r}:",
            "                getattr(cell, name).copy_(getattr(rnn, name + sfx))  # " + c("same_weights"),
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
        f"        for d in range({D}):  # d = 0: →, d = 1: ←",
        '            sfx = f"_l{layer}" + ("_reverse" if d else "")',
        *setup,
        *state,
        f"            steps = [None] * {L}",
        f"            for t in (range({L}) if d == 0 else reversed(range({L}))):",
        *("                " + line for line in kind.snippet_step(spec.nonlinearity, spec.proj_size)),
        "                steps[t] = h",
        "            outs.append(torch.stack(steps))  # [seq_len, batch, hidden_size]",
        "            h_n_cells.append(h)",
        f"        inp = torch.cat(outs, dim=-1)  # [seq_len, batch, {D}*proj_size]",
        f"out_cells = inp{'.transpose(0, 1)' if spec.batch_first else ''}",
    ]
    return lines
