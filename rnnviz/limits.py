"""Caps on sizes that keep one visitor of a shared demo from exhausting memory or CPU (one place)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Limits:
    """Largest values the app and the URL accept. Override each with an environment variable
    ``RNNVIZ_MAX_<FIELD>`` (e.g. ``RNNVIZ_MAX_SEQ_LEN=2000``) for local use."""

    seq_len: int = 256
    hidden_size: int = 128
    num_layers: int = 6
    batch_size: int = 16
    input_size: int = 128
    cells: int = 400_000  # the trace's size, spec.trace_cells: seq_len * batch * layers * D * (H_out, + gates, c_t)
    parameters: int = 4_000_000  # weights of a loaded model (recurrent module + embedding + decoder)
    upload_mb: int = 32  # size of a model or data file; .streamlit/config.toml's server.maxUploadSize matches it
    # the language-model lab (RNNVIZ_MAX_LAB_STEPS, ...)
    lab_steps: int = 2000  # optimizer steps of one run
    lab_hidden_size: int = 256
    lab_num_layers: int = 3
    lab_batch_size: int = 64
    lab_num_steps: int = 100  # the window length
    lab_corpus_chars: int = 200_000  # characters of a corpus (longer texts are cut)
    lab_trainings: int = 2  # trainings running at once on the whole server (one per session)
    learned_chars: int = 2000  # characters of a passage the 'What did it learn' page reads

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """Defaults, overridden by ``RNNVIZ_MAX_*`` variables that hold positive integers."""
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get(f"RNNVIZ_MAX_{f.name.upper()}")
            if raw is not None and raw.strip().isdigit() and int(raw) > 0:
                values[f.name] = int(raw)
        return cls(**values)
