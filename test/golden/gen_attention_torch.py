"""Golden values for src/attention: torch's own attention on seeded inputs.

Not a document's code: this is the reference the attention module is checked
against (test/attention/torchParity.test.ts), as minGPT checks itself against
Hugging Face. Run from the repo root:

    .venv-golden/bin/python test/golden/gen_attention_torch.py

Writes test/golden/attention_torch.json with
- inputs: seeded query/key/value (float32), "square" (batch 2, heads 3, N 7, d 8)
  and "rect" (batch 2, nQ 5, nK 9, d 8, dv 6);
- sdpa: torch.nn.functional.scaled_dot_product_attention outputs for no mask,
  is_causal, a boolean sliding window of 3 keys (Mistral / Hugging Face: query i
  sees keys i-2..i), an additive float mask with -inf entries, a custom scale,
  a broadcast key-padding mask and a fully masked row; plus the attention weights
  written out with explicit torch ops (sdpa does not return them), checked to
  reproduce sdpa's output;
- multi_head: multi-head self-attention as src/attention/projections.ts defines
  it (X W, split heads, attend, concatenate, W_O), written with explicit torch
  matmuls, and checked against torch.nn.MultiheadAttention given the same
  weights in its layout (in_proj_weight = [W_Q^T; W_K^T; W_V^T], out_proj = W_O^T);
- simple: document 004's softmax(X X^T) X.

JSON cannot hold -Infinity: in float masks it is written as null.
"""
import math

import numpy as np
import torch
import torch.nn.functional as F

from _common import write_golden

torch.set_num_threads(1)
gen = torch.Generator().manual_seed(20240603)


def randn(*shape, std=1.0):
    return torch.randn(*shape, generator=gen, dtype=torch.float32) * std


def sliding_window(n, window):
    i = torch.arange(n)[:, None]
    j = torch.arange(n)[None, :]
    return (j <= i) & (j > i - window)  # Hugging Face: kv_idx > q_idx - sliding_window


def explicit_weights(q, k, mask=None, is_causal=False, scale=None):
    """softmax(Q K^T * scale + mask), rows with every key masked set to zeros (as sdpa does)."""
    s = 1 / math.sqrt(q.shape[-1]) if scale is None else scale
    scores = q @ k.transpose(-2, -1) * s
    if is_causal:
        causal = torch.ones(q.shape[-2], k.shape[-2], dtype=torch.bool).tril(0)
        scores = scores.masked_fill(~causal, float("-inf"))
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf")) if mask.dtype == torch.bool else scores + mask
    return torch.nan_to_num(torch.softmax(scores, dim=-1), nan=0.0)


def mask_json(mask):
    if mask is None:
        return None
    if mask.dtype == torch.bool:
        return mask.tolist()
    return _nested_nulls(mask.tolist())


def _nested_nulls(x):
    if isinstance(x, list):
        return [_nested_nulls(v) for v in x]
    return None if x == float("-inf") else x


inputs = {
    "square": {"query": randn(2, 3, 7, 8), "key": randn(2, 3, 7, 8), "value": randn(2, 3, 7, 8)},
    "rect": {"query": randn(2, 5, 8), "key": randn(2, 9, 8), "value": randn(2, 9, 6)},
}

float_mask = randn(7, 7, std=2.0)
float_mask[0, 3] = float_mask[4, 0] = float_mask[6, 2] = float_mask[6, 5] = float("-inf")
key_padding = torch.ones(2, 1, 1, 7, dtype=torch.bool)
key_padding[1, 0, 0, 5:] = False  # batch 1: the last two keys are padding
one_row_masked = torch.ones(7, 7, dtype=torch.bool)
one_row_masked[2] = False
rect_mask = randn(5, 9)
rect_mask[:, 7] = float("-inf")

specs = [
    ("none", "square", {}),
    ("causal", "square", {"is_causal": True}),
    ("sliding_window_3", "square", {"mask": sliding_window(7, 3)}),
    ("float_mask", "square", {"mask": float_mask}),
    ("scale_0.5", "square", {"scale": 0.5}),
    ("key_padding", "square", {"mask": key_padding}),
    ("fully_masked_row", "square", {"mask": one_row_masked}),
    ("rect_none", "rect", {}),
    ("rect_causal", "rect", {"is_causal": True}),
    ("rect_float_mask", "rect", {"mask": rect_mask}),
]

sdpa = []
for name, which, kw in specs:
    q, k, v = (inputs[which][n] for n in ("query", "key", "value"))
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=kw.get("mask"), is_causal=kw.get("is_causal", False), scale=kw.get("scale"))
    weights = explicit_weights(q, k, kw.get("mask"), kw.get("is_causal", False), kw.get("scale"))
    np.testing.assert_allclose((weights @ v).numpy(), out.numpy(), atol=1e-6, err_msg=name)
    sdpa.append({
        "name": name,
        "inputs": which,
        "mask": mask_json(kw.get("mask")),
        "is_causal": kw.get("is_causal", False),
        "scale": kw.get("scale"),
        "output": out,
        "weights": weights,
    })


def multi_head(X, W_Q, W_K, W_V, W_O, h, is_causal=False):
    Q, K, V = X @ W_Q, X @ W_K, X @ W_V  # (..., N, h*d)
    split = lambda t: t.unflatten(-1, (h, t.shape[-1] // h)).transpose(-3, -2)  # (..., h, N, d)
    q, k, v = split(Q), split(K), split(V)
    weights = explicit_weights(q, k, is_causal=is_causal)  # (..., h, N, N)
    heads = weights @ v  # (..., h, N, dv)
    concat = heads.transpose(-3, -2).flatten(-2)  # (..., N, h*dv)
    return concat @ W_O, weights


d_model, h = 12, 3
mh_weights = {name: randn(d_model, d_model, std=1 / math.sqrt(d_model)) for name in ("W_Q", "W_K", "W_V", "W_O")}
mh_inputs = {"single": randn(6, d_model), "batched": randn(2, 6, d_model)}
mha = torch.nn.MultiheadAttention(d_model, h, bias=False, batch_first=True)
with torch.no_grad():
    mha.in_proj_weight.copy_(torch.cat([mh_weights["W_Q"].T, mh_weights["W_K"].T, mh_weights["W_V"].T]))
    mha.out_proj.weight.copy_(mh_weights["W_O"].T)

multi = []
for which in ("single", "batched"):
    X = mh_inputs[which]
    for is_causal in (False, True):
        out, weights = multi_head(X, *(mh_weights[n] for n in ("W_Q", "W_K", "W_V", "W_O")), h, is_causal)
        Xb = X if X.dim() == 3 else X[None]
        causal = torch.ones(6, 6, dtype=torch.bool).triu(1) if is_causal else None  # nn.MHA: True = masked
        with torch.no_grad():
            ref, ref_w = mha(Xb, Xb, Xb, attn_mask=causal, need_weights=True, average_attn_weights=False)
        np.testing.assert_allclose(out.reshape(ref.shape).numpy(), ref.numpy(), atol=1e-6)
        np.testing.assert_allclose(weights.reshape(ref_w.shape).numpy(), ref_w.numpy(), atol=1e-6)
        multi.append({"name": f"{which}{'_causal' if is_causal else ''}", "X": which, "is_causal": is_causal, "output": out, "weights": weights})

simple_X = randn(5, 4)
simple_scores = simple_X @ simple_X.T
simple_weights = torch.softmax(simple_scores, dim=-1)

write_golden("attention_torch", __file__, {
    "about": "torch reference for src/attention; float32 throughout; -Infinity in float masks is written as null",
    "inputs": inputs,
    "sdpa": sdpa,
    "multi_head": {"numHeads": h, "weights": mh_weights, "X": mh_inputs, "cases": multi},
    "simple": {"X": simple_X, "scores": simple_scores, "weights": simple_weights, "output": simple_weights @ simple_X},
})
