"""The PyTorch code that loads a state_dict file into the module rnnviz inferred (what the app's snippet shows)."""

from __future__ import annotations

from pathlib import Path

from rnnviz.sources.load import Inference


def load_code(inference: Inference, file_name: str | None = None) -> str:
    """Python that loads ``file_name`` (default: the inferred source's name) into the same module, strictly.

    The file name is only ever written as a Python string literal (``repr``), never as code.
    """
    given = file_name or inference.source_name
    name = "model.pt" if not given or given.startswith("<") else Path(given).name
    lines = ["import torch", "from torch import nn", ""]
    if inference.file_format == "safetensors":
        lines += ["from safetensors.torch import load_file", "", f"state = load_file({name!r})"]
    else:
        lines.append(f"state = torch.load({name!r}, weights_only=True, map_location='cpu')")
    for key in inference.container:
        lines.append(f"state = state[{key!r}]")
    dtype = "" if str(inference.dtype) == "torch.float32" else f", dtype={inference.dtype}"
    lines.append(f"rnn = {inference.call()[:-1]}{dtype})")
    key = f"{inference.prefix!r} + name" if inference.prefix else "name"
    lines.append(f"rnn.load_state_dict({{name: state[{key}] for name in rnn.state_dict()}})  # strict")
    lines.append("rnn.eval()")
    char = inference.char
    if char is not None:
        lines.append(f"encoder = nn.Embedding.from_pretrained(state[{char.keys.encoder!r}].to({inference.dtype}))")
        bias = char.keys.decoder_bias is not None
        lines.append(f"decoder = nn.Linear({char.decoder.in_features}, {char.vocab_size}, bias={bias}{dtype})")
        parts = [f"'weight': state[{char.keys.decoder!r}]"] + (
            [f"'bias': state[{char.keys.decoder_bias!r}]"] if bias else []
        )
        lines.append(f"decoder.load_state_dict({{{', '.join(parts)}}})")
    return "\n".join(lines) + "\n"
