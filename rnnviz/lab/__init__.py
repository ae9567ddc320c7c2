"""The language-model lab: the tutorial's char-level RNN / GRU / LSTM trained on offline corpora, and sampled."""

from rnnviz.lab.checkpoint import CheckpointError, load_checkpoint, save_checkpoint, to_bytes
from rnnviz.lab.config import CELLS, TUTORIAL, LabConfig
from rnnviz.lab.corpus import CORPORA, Corpus, CorpusError, load_corpus
from rnnviz.lab.data import Vocab, data_iter_consecutive, data_iter_random
from rnnviz.lab.model import RNNModel
from rnnviz.lab.sample import generate, top_predictions
from rnnviz.lab.train import Training, bits, run

__all__ = [
    "CELLS", "CORPORA", "TUTORIAL", "CheckpointError", "Corpus", "CorpusError", "LabConfig", "RNNModel",
    "Training", "Vocab", "bits", "data_iter_consecutive", "data_iter_random", "generate", "load_checkpoint",
    "load_corpus", "run", "save_checkpoint", "to_bytes", "top_predictions",
]  # fmt: skip
