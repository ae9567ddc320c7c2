"""A char model around a recurrent module: embedding -> RNN -> decoder, found by shapes, and its vocab."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from torch import Tensor, nn

from rnnviz.sources.errors import SourceError, clip
from rnnviz.sources.infer import Config

_EMBED_NAMES = ("encoder", "embedding", "embed", "emb", "wte")  # the tutorial's RNNModel says "encoder"
_DECODER_NAMES = ("decoder", "fc", "head", "out", "linear", "proj", "lm_head")


@dataclass(frozen=True)
class HeadKeys:
    """Where the embedding and the decoder sit in the state_dict."""

    encoder: str  # e.g. "encoder.weight": [vocab_size, input_size]
    decoder: str  # e.g. "decoder.weight": [vocab_size, D * hidden_size]
    decoder_bias: str | None  # e.g. "decoder.bias": [vocab_size]

    def keys(self) -> tuple[str, ...]:
        return (self.encoder, self.decoder) + ((self.decoder_bias,) if self.decoder_bias else ())


@dataclass(frozen=True, eq=False)
class CharModel:
    """nn.Embedding -> the recurrent module -> nn.Linear, with the weights of the file, and the vocab if known."""

    keys: HeadKeys
    vocab_size: int
    embedding_dim: int
    encoder: nn.Embedding  # token index -> x_t [input_size]
    decoder: nn.Linear  # output_t [D * hidden_size] -> logits [vocab_size]
    vocab: tuple[str, ...] | None  # vocab[i] is the token of index i; None when neither file nor caller gave one

    @property
    def num_parameters(self) -> int:
        return sum(p.numel() for p in (*self.encoder.parameters(), *self.decoder.parameters()))


def find_head(state: Mapping[str, object], prefix: str, config: Config) -> HeadKeys | None:
    """An embedding [V, input_size] and a decoder [V, D*out] (+ bias [V]) next to the recurrent module, or None.

    With several pairs of the right shapes, the one named like the tutorial's (encoder/embedding, decoder/fc/head).
    """
    parent = prefix.rsplit(".", 2)[0] + "." if prefix.count(".") > 1 else ""
    out = config.num_directions * config.out_size

    def mats(key: str) -> bool:
        t = state.get(key)
        return key.startswith(parent) and not key.startswith(prefix or "\0") and isinstance(t, Tensor) and t.dim() == 2

    weights = [k for k in state if k.endswith(".weight") and mats(k)]
    encoders = [k for k in weights if state[k].shape[1] == config.input_size and k[:-6] + "bias" not in state]
    decoders = [k for k in weights if state[k].shape[1] == out]
    pairs = [(e, d) for e in encoders for d in decoders if e != d and state[e].shape[0] == state[d].shape[0]]
    if len(pairs) > 1:
        pairs = [(e, d) for e, d in pairs if _named(e, _EMBED_NAMES) and _named(d, _DECODER_NAMES)]
    if len(pairs) != 1:
        return None
    enc, dec = pairs[0]
    bias = dec[:-6] + "bias"
    b = state.get(bias)
    has_bias = isinstance(b, Tensor) and tuple(b.shape) == (state[dec].shape[0],)
    return HeadKeys(enc, dec, bias if has_bias else None)


def _named(key: str, names: Sequence[str]) -> bool:
    module = key.rsplit(".", 2)[-2].lower()
    return any(n in module for n in names)


def build_head(keys: HeadKeys, tensors: Mapping[str, Tensor], vocab: object) -> CharModel:
    """The nn.Embedding and nn.Linear with these (already converted) weights, and the checked vocab."""
    w_enc, w_dec = tensors[keys.encoder], tensors[keys.decoder]  # [V, E], [V, D*out]
    V, E = w_enc.shape
    encoder = nn.Embedding(V, E, _weight=w_enc.clone(), _freeze=True)
    decoder = nn.Linear(w_dec.shape[1], V, bias=keys.decoder_bias is not None, dtype=w_dec.dtype)
    decoder.load_state_dict(
        {"weight": w_dec} | ({"bias": tensors[keys.decoder_bias]} if keys.decoder_bias else {}), strict=True
    )
    decoder.requires_grad_(False)
    return CharModel(keys, int(V), int(E), encoder.eval(), decoder.eval(), normalise_vocab(vocab, int(V), keys.encoder))


def normalise_vocab(vocab: object, size: int | None = None, key: str = "encoder.weight") -> tuple[str, ...] | None:
    """A vocab as a tuple (index -> token) from a string of characters, a list of tokens, {token: index} or
    {index: token}; checked against the embedding's rows when ``size`` is given."""
    if vocab is None:
        return None
    if isinstance(vocab, str):
        itos = tuple(vocab)
    elif isinstance(vocab, Mapping):
        itos = _from_mapping(vocab)
    elif isinstance(vocab, Sequence) and all(isinstance(v, str) for v in vocab):
        itos = tuple(vocab)
    else:
        raise SourceError("source.err.vocab_type", kind=type(vocab).__name__)
    if len(set(itos)) != len(itos):
        dup = next(t for t in itos if itos.count(t) > 1)
        raise SourceError("source.err.vocab_duplicate", token=clip(dup))
    if size is not None and len(itos) != size:
        raise SourceError("source.err.vocab_size", n=len(itos), key=key, rows=size)
    return itos


def _from_mapping(vocab: Mapping) -> tuple[str, ...]:
    items = list(vocab.items())
    if all(isinstance(k, str) and isinstance(v, int) for k, v in items):
        by_index = {v: k for k, v in items}  # stoi
    elif all(isinstance(k, int) and isinstance(v, str) for k, v in items):
        by_index = dict(items)  # itos
    else:
        raise SourceError("source.err.vocab_type", kind="dict")
    if sorted(by_index) != list(range(len(by_index))) or len(by_index) != len(items):
        raise SourceError("source.err.vocab_indices", n=len(items))
    return tuple(by_index[i] for i in range(len(by_index)))
