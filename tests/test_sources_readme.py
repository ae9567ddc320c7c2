"""The README's notebook section runs as written, and what its comments claim is what rnnviz prints."""

from __future__ import annotations

import re
from pathlib import Path

import plotly.graph_objects as go
import torch

ROOT = Path(__file__).resolve().parents[1]


def _notebook_blocks() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Using rnnviz from a notebook", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def test_the_notebook_section_runs_and_its_comments_are_true(tmp_path, monkeypatch):
    blocks = _notebook_blocks()
    assert any("load_state_dict" in b for b in blocks) and any(".show()" in b for b in blocks)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(go.Figure, "show", lambda self, *a, **k: None)
    (tmp_path / "steps.csv").write_text("sequence,a,b,c,d\n0,1,2,3,4\n0,5,6,7,8\n1,9,10,11,12\n")
    torch.manual_seed(0)
    scope: dict = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), scope)
    how = str(scope["how"])
    claims = [
        line.strip()[2:].removesuffix("...").strip()
        for block in blocks
        if "print(how)" in block
        for line in block.splitlines()
        if line.startswith("# ") and not line.startswith("# each")
    ]
    assert claims and all(c.split("—")[0].strip() in how for c in claims), claims
    assert scope["numbers"].shape == (2, 2, 4) and scope["numbers"].lengths == (2, 1)
    assert scope["from_csv"].shape == (2, 2, 4)
    assert scope["how"].config.kind == "RNN" and scope["how"].config.input_size == 4
    code = scope["rnnviz"].sources.load_code(scope["how"])
    assert "nn.RNN(input_size=4, hidden_size=3, num_layers=2, nonlinearity='tanh'" in code
