"""Shared helpers for the gen_*.py golden scripts (not part of any document).

write_golden() writes test/golden/NNN.json with indent=1; floats are written by
Python's json module, i.e. as repr(float): the shortest string that round-trips
to the exact float64 (float32 values are widened to float64 exactly first).
"""
import contextlib
import io
import json
import os
import platform
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def to_plain(obj):
    """numpy / torch values -> plain Python lists, floats, ints, strings."""
    if hasattr(obj, "detach"):  # torch.Tensor
        obj = obj.detach().cpu().numpy()
    if hasattr(obj, "tolist"):  # numpy array or numpy scalar
        return obj.tolist()
    if isinstance(obj, dict):
        return {str(k): to_plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_plain(v) for v in obj]
    return obj


def versions():
    """Versions of the libraries this script actually imported."""
    out = {"python": platform.python_version()}
    for name, mod in (("numpy", "numpy"), ("scikit-learn", "sklearn"), ("torch", "torch")):
        if mod in sys.modules:
            out[name] = sys.modules[mod].__version__
    return out


def write_golden(number, script, data):
    data = dict(data)
    data["generated_by"] = {"script": "test/golden/" + os.path.basename(script), **versions()}
    path = os.path.join(HERE, number + ".json")
    text = json.dumps(to_plain(data), indent=1, ensure_ascii=False, allow_nan=False)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    print("wrote", os.path.relpath(path))


@contextlib.contextmanager
def captured():
    """Capture what the document's code prints (and echo it afterwards)."""
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        yield buf
    sys.stdout.write(buf.getvalue())
