"""Bad and hostile model files: each is refused with one exception type and a message that says what to do."""

from __future__ import annotations

import io
import os
import pickle
import re
import zipfile
from pathlib import Path

import pytest
import torch

from rnnviz import Limits, load_state_dict
from rnnviz.sources import SourceError
from tests.sources_models import make_module, safetensors_bytes, torch_bytes

ROOT = Path(__file__).resolve().parents[1]


class _Payload:
    """Unpickling this would create a marker file: the test of "nothing in the file runs"."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


class _PathPayload(_Payload):
    def __reduce__(self):
        return (Path.touch, (self.marker,))


@pytest.mark.parametrize("payload", [_Payload, _PathPayload])
@pytest.mark.parametrize("writer", ["torch.save", "pickle"])
def test_a_pickle_that_would_run_code_is_refused_and_never_runs(tmp_path, payload, writer):
    marker = tmp_path / "pwned"
    evil = {"weight_ih_l0": torch.zeros(3, 2), "x": payload(marker)}
    data = torch_bytes(evil) if writer == "torch.save" else pickle.dumps(evil, protocol=2)
    with pytest.raises(SourceError) as err:
        load_state_dict(data)
    assert not marker.exists()
    assert "Nothing in it was run" in str(err.value) and "state_dict()" in str(err.value)
    assert "都没有被执行" in err.value.text("zh")
    if writer == "torch.save" and payload is _Payload:
        assert "it holds a Python object (posix.system)" in str(err.value)


def test_a_whole_pickled_module_is_refused_with_the_fix():
    with pytest.raises(SourceError, match=r"holds a Python object \(torch\.nn\.modules\.rnn\.LSTM\)"):
        load_state_dict(torch_bytes(torch.nn.LSTM(2, 3)))


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (_zip({"readme.txt": b"hello"}), "zip archive but not one written by torch.save"),
        (b"hello world, not a model", "neither a PyTorch file"),
        (b"", "is empty"),
        (torch_bytes(torch.randn(3)), "holds a Tensor, not a state_dict"),
        (torch_bytes([1, 2, 3]), "holds a list, not a state_dict"),
        (torch_bytes({"epoch": 3, "name": "x"}), "a dict without tensors"),
        (torch_bytes({"weight": torch.zeros(2, 2), "bias": torch.zeros(2)}), "No recurrent layer among the 2 keys"),
        (torch_bytes({"cell.weight_ih": torch.zeros(3, 2), "cell.weight_hh": torch.zeros(3, 3)}), "belong to a cell"),
        (torch_bytes(make_module("GRU", input_size=2, hidden_size=3).state_dict())[:200], "damaged or cut short"),
        (b'\x08\x00\x00\x00\x00\x00\x00\x00{"a": 1}xyz', "cannot be read"),
    ],
    ids=["zip", "text", "empty", "tensor", "list", "no-tensors", "no-rnn", "cell", "truncated", "safetensors"],
)
def test_files_that_are_not_a_state_dict(data, match):
    with pytest.raises(SourceError, match=match):
        load_state_dict(data)


def test_no_layer_lists_the_keys_found_and_the_expected_names():
    with pytest.raises(SourceError) as err:
        load_state_dict({"fc.weight": torch.zeros(2, 2), "fc.bias": torch.zeros(2)})
    assert "fc.weight, fc.bias" in str(err.value) and "weight_ih_l0, weight_hh_l0" in str(err.value)


def _lstm_state(**options):
    return dict(make_module("LSTM", input_size=3, hidden_size=4, num_layers=2, **options).state_dict())


def test_inconsistent_shapes_between_layers():
    state = _lstm_state()
    state["weight_hh_l1"] = torch.zeros(16, 5)  # layer 1 with another hidden_size
    with pytest.raises(SourceError) as err:
        load_state_dict(state)
    assert "weight_hh_l1 has shape [16, 5]" in str(err.value) and "it must be [16, 4]" in str(err.value)
    state = _lstm_state()
    state["weight_ih_l1"] = torch.zeros(16, 3)  # layer 1 must read layer 0's 4 features
    with pytest.raises(SourceError, match=r"weight_ih_l1 has shape \[16, 3\].*\[16, 4\].*layer 0's output"):
        load_state_dict(state)


def test_rows_that_are_no_kind_and_missing_or_extra_keys():
    with pytest.raises(SourceError, match="has 10 rows.*hidden_size 5.*1, 3 or 4"):
        load_state_dict({"weight_ih_l0": torch.zeros(10, 2), "weight_hh_l0": torch.zeros(10, 5)})
    state = _lstm_state()
    del state["bias_hh_l1"]
    with pytest.raises(SourceError, match="Missing bias_hh_l1: LSTM"):
        load_state_dict(state)
    state = _lstm_state()
    state["weight_ih_l3"] = torch.zeros(16, 4)  # a gap: no layer 2
    with pytest.raises(SourceError, match="Missing weight_ih_l2"):
        load_state_dict(state)
    state = _lstm_state()
    state["weight_hr_l1"] = torch.zeros(2, 4)
    with pytest.raises(SourceError, match="Unexpected weight_hr_l1"):
        load_state_dict(state)
    with pytest.raises(SourceError, match="weight_hh_l0 is missing"):
        load_state_dict({"weight_ih_l0": torch.zeros(4, 2)})
    with pytest.raises(SourceError, match="is a str, not a tensor"):
        load_state_dict({"weight_ih_l0": torch.zeros(4, 2), "weight_hh_l0": "no"})


def test_nan_and_inf_weights_are_loaded_and_noted():
    state = _lstm_state()
    state["weight_hh_l0"] = state["weight_hh_l0"].clone()
    state["weight_hh_l0"][0, 0] = float("nan")
    state["weight_hh_l0"][1, :2] = float("inf")
    lstm, inference = load_state_dict(state)
    assert "weight_hh_l0 holds 1 NaN and 2 infinite value(s)" in str(inference)
    out, _ = lstm(torch.randn(3, 1, 3))
    assert out.isnan().any()  # computed, not crashed


@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16, torch.float64])
@pytest.mark.parametrize("fmt", ["torch", "safetensors"])
def test_other_float_dtypes_are_converted_with_a_note(dtype, fmt):
    gru = make_module("GRU", dtype=dtype, input_size=2, hidden_size=3)
    data = torch_bytes(gru.state_dict()) if fmt == "torch" else safetensors_bytes(gru.state_dict())
    loaded, inference = load_state_dict(data)
    name = str(dtype).replace("torch.", "")
    assert loaded.weight_ih_l0.dtype == torch.float32
    note = inference.notes[0].text("en")
    if dtype == torch.float64:
        assert f"The weights were {name}; converted to float32, so values are rounded" in note
    else:
        assert f"The weights were {name}; converted to float32 exactly" in note
    torch.testing.assert_close(loaded.weight_hh_l0, gru.weight_hh_l0.float(), rtol=0, atol=0)


def test_integer_weights_are_refused():
    with pytest.raises(SourceError, match="weight_ih_l0 is int64: weights must be floating point"):
        load_state_dict({"weight_ih_l0": torch.zeros(3, 2, dtype=torch.long), "weight_hh_l0": torch.zeros(3, 3)})


def test_a_model_over_the_caps_is_refused_from_its_shapes_before_anything_is_built():
    # 10**6 x 10**6 floats would be 4 TB: a stride-0 view costs nothing in the file, the cap must catch it first
    huge = torch.zeros(1).expand(4 * 10**6, 10**6)
    state = {"weight_ih_l0": huge, "weight_hh_l0": huge, "bias_ih_l0": torch.zeros(1).expand(4 * 10**6)}
    with pytest.raises(SourceError) as err:
        load_state_dict(torch_bytes(state))
    assert "hidden_size is 1,000,000, above this server's cap of 128" in str(err.value)
    assert "RNNVIZ_MAX_HIDDEN_SIZE=1000000 streamlit run app.py" in str(err.value)
    lstm = make_module("LSTM", input_size=8, hidden_size=16, num_layers=2)
    n = sum(p.numel() for p in lstm.parameters())
    with pytest.raises(SourceError, match=f"parameters is {n:,}, above this server's cap of 1,000"):
        load_state_dict(lstm.state_dict(), limits=Limits(parameters=1000))
    with pytest.raises(SourceError, match="num_layers is 2, above this server's cap of 1"):
        load_state_dict(lstm.state_dict(), limits=Limits(num_layers=1))
    loaded, _ = load_state_dict(lstm.state_dict(), limits=Limits(parameters=n))  # at the cap: fine
    assert loaded.hidden_size == 16


def test_a_file_over_the_upload_cap_is_refused_before_it_is_read(tmp_path):
    data = torch_bytes(make_module("RNN", input_size=100, hidden_size=100).state_dict())
    path = tmp_path / "big.pt"
    path.write_bytes(data)
    small = Limits(upload_mb=0)
    for src in (data, path, io.BytesIO(data)):
        with pytest.raises(SourceError, match="above this server's cap of 0 MB.*RNNVIZ_MAX_UPLOAD_MB"):
            load_state_dict(src, limits=small)


def test_the_cap_message_says_how_to_raise_it_in_both_languages():
    with pytest.raises(SourceError) as err:
        load_state_dict(make_module("RNN", input_size=2, hidden_size=3).state_dict(), limits=Limits(hidden_size=2))
    assert "RNNVIZ_MAX_HIDDEN_SIZE=3 streamlit run app.py" in str(err.value)
    assert "limits=rnnviz.Limits(hidden_size=...)" in str(err.value)
    assert "RNNVIZ_MAX_HIDDEN_SIZE=3 streamlit run app.py" in err.value.text("zh")


def test_server_max_upload_size_matches_the_cap():
    config = (ROOT / ".streamlit" / "config.toml").read_text()
    server = config.split("[server]", 1)[1].split("\n[", 1)[0]  # the [server] table (tomllib is 3.11+)
    assert re.findall(r"^maxUploadSize = (\d+)$", server, re.M) == [str(Limits().upload_mb)]
    assert Limits.from_env({"RNNVIZ_MAX_UPLOAD_MB": "100"}).upload_mb == 100


def test_a_missing_path_and_a_wrong_type():
    with pytest.raises(SourceError, match="There is no file at"):
        load_state_dict("/nonexistent/model.pt")
    with pytest.raises(SourceError, match="Cannot read a model or data from a int"):
        load_state_dict(3)


def test_a_zip_that_would_expand_beyond_the_cap_is_refused_from_its_directory():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("archive/data.pkl", b"\x80\x02}q\x00.")
        z.writestr("archive/data/0", bytes(3 * 1024 * 1024))  # 3 MB of zeros, a few KB compressed
    data = buf.getvalue()
    assert len(data) < 1024 * 1024
    with pytest.raises(SourceError, match="is 3.0 MB, above this server's cap of 1 MB"):
        load_state_dict(data, limits=Limits(upload_mb=1))


def test_a_huge_layer_index_is_refused_by_the_layer_cap_without_enumerating_layers():
    state = {
        "weight_ih_l0": torch.zeros(3, 2),
        "weight_hh_l0": torch.zeros(3, 3),
        "weight_ih_l99999999": torch.zeros(1),
    }
    with pytest.raises(SourceError, match="num_layers is 100,000,000, above this server's cap of 6"):
        load_state_dict(state)


def test_a_very_long_key_is_shortened_in_messages():
    with pytest.raises(SourceError) as err:
        load_state_dict({"x" * 10_000: torch.zeros(1)})
    assert len(str(err.value)) < 600


def test_a_legacy_file_that_declares_a_huge_storage_is_refused_without_using_the_memory():
    import resource
    import struct

    buf = io.BytesIO()
    torch.save({"weight_ih_l0": torch.zeros(3)}, buf, _use_new_zipfile_serialization=False)
    data = buf.getvalue()
    at = data.find(b"cpuq\x06K\x03") + 5  # the storage's numel (3) as a one-byte int in the pickle
    forged = data[:at] + b"J" + struct.pack("<i", 2_000_000_000) + data[at + 2 :]  # 8 GB of float32
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux
    with pytest.raises(SourceError, match="damaged or cut short"):
        load_state_dict(forged)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 500 * 1024
