"""Benchmark worker for the references: numpy, PyTorch (CPU) and scikit-learn.

Started by scripts/bench.mjs as `python bench/py_worker.py`; one JSON command per line on
stdin, one JSON answer per line on stdout (protocol: bench/protocol.md). The orchestrator
unsets OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE for this process only, so numpy runs the
OpenBLAS kernel it picks for this CPU; `info` reports which one (threadpoolctl).
"""
from __future__ import annotations

import json
import os
import platform
import sys
import time
import traceback

import numpy as np

try:
    import torch
    import torch.nn.functional as F
except ImportError:  # torch is optional (bench/requirements.txt)
    torch = None

try:
    from sklearn.neighbors import NearestNeighbors
except ImportError:
    NearestNeighbors = None


def numpy_attention(q, k, v, causal=False):
    """softmax(Q K^T / sqrt(d)) V written the plain way, as a numpy user would."""
    d = q.shape[-1]
    scores = q @ k.swapaxes(-1, -2) / np.sqrt(d)  # (B, H, N, N)
    if causal:
        n_q, n_k = scores.shape[-2:]
        scores = np.where(np.tril(np.ones((n_q, n_k), dtype=bool)), scores, -np.inf)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    return weights @ v  # (B, H, N, dv)


def unit_rows(x):
    n = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.maximum(n, 1e-30)


def top_k_rows(scores, k):
    """Per row, the k largest entries, best first: argpartition, then sort those k."""
    top = np.argpartition(-scores, k - 1, axis=1)[:, :k]  # (B, k), unordered
    top_scores = np.take_along_axis(scores, top, axis=1)
    order = np.argsort(-top_scores, axis=1)
    return {"indices": np.take_along_axis(top, order, axis=1), "scores": np.take_along_axis(top_scores, order, axis=1)}


def numpy_search(corpus, queries, k):
    """Cosine top-k as src/maths/search.ts topK does it: normalise both, one product, top k."""
    return top_k_rows(unit_rows(queries) @ unit_rows(corpus).T, k)  # (B, N) scores


def numpy_search_indexed(index, queries, k):
    """The same with the corpus normalised once, when the index was built."""
    return top_k_rows(unit_rows(queries) @ index["unit"].T, k)


def sklearn_search(index, queries, k):
    dist, idx = index["nn"].kneighbors(queries, n_neighbors=k)
    return {"indices": idx, "scores": 1 - dist}


def torch_sdpa(x, o):
    with torch.inference_mode():
        return F.scaled_dot_product_attention(x["q_t"], x["k_t"], x["v_t"], is_causal=bool(o.get("causal")))


TASKS = {
    "numpy.matmul": lambda x, o: x["a"] @ x["b"],
    "numpy.attention": lambda x, o: numpy_attention(x["q"], x["k"], x["v"], bool(o.get("causal"))),
    "torch.sdpa": torch_sdpa,
    "numpy.search": lambda x, o: numpy_search(x["embeddings"], x["queries"], int(o.get("k", 10))),
    "numpy.searchIndexed": lambda x, o: numpy_search_indexed(x["index"], x["queries"], int(o.get("k", 10))),
    "sklearn.search": lambda x, o: sklearn_search(x["index"], x["queries"], int(o.get("k", 10))),
}

store: dict[str, dict] = {}


def read_float32(file, shape):
    a = np.fromfile(file, dtype="<f4")
    n = int(np.prod(shape))
    if a.size != n:
        raise ValueError(f"{file}: {a.size} floats, expected {n} for shape {shape}")
    return a.reshape(shape)


def info():
    out = {"implementation": "python", "python": platform.python_version(), "numpy": np.__version__,
           "torch": torch.__version__ if torch else None, "torch_threads": torch.get_num_threads() if torch else None,
           "openblas_env": {k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS")}}
    try:
        import sklearn
        out["sklearn"] = sklearn.__version__
    except ImportError:
        out["sklearn"] = None
    try:
        from threadpoolctl import threadpool_info
        out["blas"] = [{k: p.get(k) for k in ("internal_api", "architecture", "num_threads", "version")} for p in threadpool_info()]
    except ImportError:
        out["blas"] = None
    if torch:
        out["torch_config"] = [l.strip() for l in torch.__config__.show().splitlines() if "CPU capability" in l or "BLAS" in l]
    return out


def to_array(result):
    if torch is not None and isinstance(result, torch.Tensor):
        return result.numpy()
    if isinstance(result, dict):
        return np.asarray(result["indices"], dtype=np.float32)
    return result


def peak_rss():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return None


def handle(msg):
    cmd = msg.get("cmd")
    if cmd == "info":
        return info()
    if cmd == "load":
        x = {name: read_float32(spec["file"], spec["shape"]) for name, spec in msg["tensors"].items()}
        if "embeddings" in x:  # the search index, built once (not timed)
            x["index"] = {"unit": unit_rows(x["embeddings"])}
            if NearestNeighbors is not None and msg.get("sklearn"):
                x["index"]["nn"] = NearestNeighbors(n_neighbors=10, algorithm="brute", metric="cosine").fit(x["embeddings"])
        if torch is not None and "q" in x:
            for name in ("q", "k", "v"):
                x[name + "_t"] = torch.from_numpy(x[name])
        store[msg["key"]] = x
        return {}
    if cmd in ("run", "memory"):
        f = TASKS[msg["task"]]
        x = store[msg["key"]]
        opts = msg.get("opts") or {}
        if cmd == "memory":
            with open("/proc/self/clear_refs", "w") as fh:
                fh.write("5")
        c0 = time.process_time()
        t0 = time.perf_counter()
        result = f(x, opts)
        ms = (time.perf_counter() - t0) * 1e3
        cpu_ms = (time.process_time() - c0) * 1e3
        if msg.get("save"):
            np.ascontiguousarray(to_array(result), dtype="<f4").tofile(msg["save"])
        out = {"ms": ms, "cpuMs": cpu_ms}
        if cmd == "memory":
            out["rssPeak"] = peak_rss()
        return out
    if cmd == "free":
        store.pop(msg["key"], None)
        return {}
    if cmd == "exit":
        return {"exit": True}
    raise ValueError(f"unknown command {cmd}")


def main():
    if torch is not None:
        torch.set_grad_enabled(False)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            answer = {"ok": True, **handle(json.loads(line))}
        except Exception:
            answer = {"ok": False, "error": traceback.format_exc()}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
        if answer.get("exit"):
            break


if __name__ == "__main__":
    main()
