"""The gradients page as files: dL/dh_t as CSV and .npz, and a script that applies the page's W_hh scale."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from rnnviz.bptt import Gradients
from rnnviz.i18n import text
from rnnviz.snippet import snippet
from rnnviz.spec import RNNSpec

DIRECTIONS = ("forward", "reverse")


def gradients_frame(g: Gradients) -> pd.DataFrame:
    """One row per layer, direction, batch element and step t; one column per unit of dL/dh_t."""
    tr, rows = g.trace, []
    for layer in range(tr.num_layers):
        for d in range(tr.num_directions):
            grad = g.grad(layer, d).double().numpy()  # [L, N, H]
            for t in range(tr.seq_len):
                for n in range(tr.batch_size):
                    rows.append([layer, DIRECTIONS[d], n, t, *grad[t, n]])
    columns = ["layer", "direction", "batch", "t", *(f"dL_dh_{j}" for j in range(tr.hidden_size))]
    return pd.DataFrame(rows, columns=columns)


def gradients_csv(g: Gradients) -> bytes:
    return gradients_frame(g).to_csv(index=False).encode()


def gradients_npz(g: Gradients, scale: float) -> bytes:
    """dL/dh_t per layer and direction (``grad_l0_forward`` [L, N, H]), every parameter's gradient under
    PyTorch's name (``weight_hh_l0``), dL/dx, the loss and the W_hh scale."""
    tr = g.trace
    arrays = {
        f"grad_l{layer}_{DIRECTIONS[d]}": g.grad(layer, d).double().numpy()
        for layer in range(tr.num_layers)
        for d in range(tr.num_directions)
    }
    arrays |= {f"grad_{k}": v.double().numpy() for k, v in g.param_grads.items()}
    arrays |= {"grad_x": g.x_grad.double().numpy(), "loss": np.array(g.loss), "w_hh_scale": np.array(scale)}
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def gradients_snippet(spec: RNNSpec, scale: float, lang: str = "en") -> str:
    """``snippet(spec)`` plus the page's W_hh scale and the page's loss, backpropagated: the parameter
    gradients it prints are the page's "parameter gradients" table."""
    c = lambda key, **kw: text(lang, f"code.{key}", **kw)  # noqa: E731
    D = spec.num_directions
    return snippet(spec) + "\n".join(
        [
            "",
            f"scale = {scale!r}  # {c('scale')}",
            "with torch.no_grad():",
            "    for name, p in rnn.named_parameters():",
            '        if name.startswith("weight_hh"):',
            "            p.mul_(scale)",
            f"torch.manual_seed({spec.seed})" if spec.training else "",
            "output, h_n = rnn(x, h0)",
            f"loss = h_n[-{D}:].sum()  # {c('loss')}",
            "loss.backward()",
            "for name, p in rnn.named_parameters():",
            "    print(name, p.grad.norm().item())",
            "",
        ]
    )
