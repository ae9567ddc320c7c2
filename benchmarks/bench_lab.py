"""The language-model lab: its training step against a plain PyTorch loop, the default run, bits per character.

    python benchmarks/bench_lab.py            # all three measurements (about a minute on 2 cores)
    python benchmarks/bench_lab.py --quick    # fewer repeats

1. Time per training step of rnnviz.lab.Training.step() against a plain PyTorch loop of the same model on the
   same minibatches (Embedding -> cell -> Linear, Adam, CrossEntropyLoss, detach, clip_grad_norm_), measured in
   turns step by step in this run (medians); target <= 1.1x.
2. The default lab run (LabConfig() for RNN, GRU and LSTM side by side, one torch thread, as the app runs it):
   wall time (target <= 60 s on 2 cores) and how many words of its final samples are syllables of the corpus.
3. Validation bits per character per cell at equal steps and at equal training time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from rnnviz.lab import CELLS, LabConfig, Training, bits, generate, run  # noqa: E402
from rnnviz.lab.corpus import load_corpus  # noqa: E402
from rnnviz.lab.data import data_iter_consecutive  # noqa: E402
from rnnviz.lab.model import CELL_MODULES  # noqa: E402


def plain_loop(config: LabConfig, vocab_size: int, batches, seed: int = 0):
    """The tutorial's loop written out with torch only; returns a function that runs one step."""
    torch.manual_seed(seed)
    H = config.hidden_size
    embedding, cell, dense = nn.Embedding(vocab_size, H), CELL_MODULES[config.cell](H, H, config.num_layers), \
        nn.Linear(H, vocab_size)  # fmt: skip
    params = [*embedding.parameters(), *cell.parameters(), *dense.parameters()]
    optimizer, loss_fn = torch.optim.Adam(params, lr=config.lr), nn.CrossEntropyLoss()
    box = {"state": None, "i": 0}

    def step():
        X, Y = batches[box["i"] % len(batches)]
        box["i"] += 1
        state = box["state"]
        if state is not None:
            state = tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()
        out, state = cell(embedding(X.T), state)
        loss = loss_fn(dense(out.reshape(-1, H)), Y.T.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(params, max_norm=config.clip)
        optimizer.step()
        box["state"] = state
        return float(loss.detach())

    return step


def step_ratio(cell: str, steps: int) -> tuple[float, float, float]:
    """Median time of one step of each, the two taking turns step by step (a load burst hits both)."""
    config = LabConfig(cell=cell)
    corpus = load_corpus("syllables", 10**6)
    t = Training(config, corpus)
    batches = list(data_iter_consecutive(t.train_idx, config.batch_size, config.num_steps))
    plain = plain_loop(config, len(t.vocab), batches)
    for _ in range(5):  # warm up both
        t.step()
        plain()
    ours, theirs = [], []
    for _ in range(steps):
        start = time.perf_counter()
        t.step()
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        plain()
        theirs.append(time.perf_counter() - start)
    a, b = statistics.median(ours), statistics.median(theirs)
    return a, b, a / b


def default_run() -> tuple[float, list[Training]]:
    corpus = load_corpus("syllables", 10**6)
    base = LabConfig()
    start = time.perf_counter()
    trainings = [Training(replace(base, cell=c), corpus) for c in CELLS]
    run(trainings, base.steps)
    return time.perf_counter() - start, trainings


def real_words(sample: str) -> tuple[int, int]:
    """Words of a sample (split on spaces and newlines, tone marks kept) that are lines' words of the corpus."""
    corpus_words = set(load_corpus("syllables", 10**6).text.split())
    words = sample.split()[:-1]  # the last word may be cut off by the sample's length
    return sum(w in corpus_words for w in words), len(words)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(1)  # as app.py: one intra-op thread per training
    steps = 30 if args.quick else 150

    print("1. time per training step, LabConfig() defaults (hidden 64, batch 32 x 35 steps), syllables")
    print(f"   {'cell':5} {'rnnviz.lab':>11} {'plain loop':>11} {'ratio':>6}  (target <= 1.1x)")
    for cell in CELLS:
        a, b, r = step_ratio(cell, steps)
        print(f"   {cell:5} {a * 1e3:9.2f} ms {b * 1e3:9.2f} ms {r:6.2f}x")

    seconds, trainings = default_run()
    print(f"\n2. the default lab run: RNN, GRU and LSTM side by side, {LabConfig().steps} steps each: "
          f"{seconds:.1f} s (target <= 60 s)")  # fmt: skip
    for t in trainings:
        sample = generate(t.model, t.vocab, "ma", 300, temperature=0.8, seed=0)
        hit, n = real_words(sample)
        print(f"   {t.config.cell:5} sample: {hit}/{n} words are syllables of the table: {sample[:60]!r}")

    print("\n3. validation bits per character")
    budget = min(t.train_seconds for t in trainings)
    print(f"   {'cell':5} {'at step ' + str(LabConfig().steps):>14} {f'at {budget:.1f} s of training':>24}")
    for t in trainings:
        at_time = [v for v in t.vals if v.train_seconds <= budget + 1e-9][-1]
        print(f"   {t.config.cell:5} {bits(t.vals[-1].val_loss):14.3f} {bits(at_time.val_loss):17.3f} "
              f"(step {at_time.step})")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
