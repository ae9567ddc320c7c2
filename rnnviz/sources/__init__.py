"""Model and data sources beyond a seeded RNNSpec: your own state_dict, numbers, CSV and text (no streamlit)."""

from rnnviz.sources.errors import Message, SourceError
from rnnviz.sources.files import fingerprint
from rnnviz.sources.infer import Config
from rnnviz.sources.load import Inference, load_state_dict
from rnnviz.sources.numbers import ModelInput, Numbers, expected_input_shape, fit_input, parse_csv, parse_numbers
from rnnviz.sources.snippet import load_code
from rnnviz.sources.tensors import load_tensors
from rnnviz.sources.text import Encoded, Unknown, decode_text, encode_text
from rnnviz.sources.vocab import CharModel

__all__ = [
    "CharModel",
    "Config",
    "Encoded",
    "Inference",
    "Message",
    "ModelInput",
    "Numbers",
    "SourceError",
    "Unknown",
    "decode_text",
    "encode_text",
    "expected_input_shape",
    "fingerprint",
    "fit_input",
    "load_code",
    "load_state_dict",
    "load_tensors",
    "parse_csv",
    "parse_numbers",
]
