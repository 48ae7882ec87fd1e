"""Golden values for src/learned/transformer.ts: torch's own Transformer block on seeded weights.

Not a document's code: the reference the library's block (its multiHeadAttention, a
LayerNorm and an MLP, pre-norm) is checked against in test/learned/transformer.test.ts.
Run from the repo root:

    .venv-golden/bin/python test/golden/gen_transformer_torch.py

The block is built from torch modules, nn.MultiheadAttention(bias=False), two
nn.LayerNorm and nn.Linear -> ReLU -> nn.Linear, in the pre-norm arrangement
    a = x + MHA(LN1(x));  out = a + Linear2(relu(Linear1(LN2(a))))
and asserted equal to torch's nn.TransformerEncoderLayer(norm_first=True, dropout=0)
given the same weights (its attention biases set to 0), so the arrangement is torch's.
Weights are stored as the library takes them, multiplying from the right (X W), i.e.
the transpose of nn.Linear's weight. Writes test/golden/transformer_torch.json.
"""
import torch
from torch import nn

from _common import write_golden

torch.set_num_threads(1)
gen = torch.Generator().manual_seed(20261207)
B, N, D, H, F = 2, 6, 16, 4, 32


def randn(*shape, std=1.0):
    return torch.randn(*shape, generator=gen, dtype=torch.float32) * std


weights = {
    "W_Q": randn(D, D, std=0.3),
    "W_K": randn(D, D, std=0.3),
    "W_V": randn(D, D, std=0.3),
    "W_O": randn(D, D, std=0.3),
    "ln1Gamma": 1 + randn(D, std=0.1),
    "ln1Beta": randn(D, std=0.1),
    "ln2Gamma": 1 + randn(D, std=0.1),
    "ln2Beta": randn(D, std=0.1),
    "W1": randn(D, F, std=0.3),
    "b1": randn(F, std=0.1),
    "W2": randn(F, D, std=0.3),
    "b2": randn(D, std=0.1),
}
X = randn(B, N, D)

mha = nn.MultiheadAttention(D, H, bias=False, batch_first=True)
ln1, ln2 = nn.LayerNorm(D), nn.LayerNorm(D)
lin1, lin2 = nn.Linear(D, F), nn.Linear(F, D)
with torch.no_grad():
    mha.in_proj_weight.copy_(torch.cat([weights["W_Q"].T, weights["W_K"].T, weights["W_V"].T]))
    mha.out_proj.weight.copy_(weights["W_O"].T)
    ln1.weight.copy_(weights["ln1Gamma"]), ln1.bias.copy_(weights["ln1Beta"])
    ln2.weight.copy_(weights["ln2Gamma"]), ln2.bias.copy_(weights["ln2Beta"])
    lin1.weight.copy_(weights["W1"].T), lin1.bias.copy_(weights["b1"])
    lin2.weight.copy_(weights["W2"].T), lin2.bias.copy_(weights["b2"])

layer = nn.TransformerEncoderLayer(D, H, F, dropout=0.0, activation="relu", batch_first=True, norm_first=True)
with torch.no_grad():
    layer.self_attn.in_proj_weight.copy_(mha.in_proj_weight)
    layer.self_attn.in_proj_bias.zero_()
    layer.self_attn.out_proj.weight.copy_(mha.out_proj.weight)
    layer.self_attn.out_proj.bias.zero_()
    for ours, theirs in ((ln1, layer.norm1), (ln2, layer.norm2), (lin1, layer.linear1), (lin2, layer.linear2)):
        theirs.weight.copy_(ours.weight), theirs.bias.copy_(ours.bias)
layer.eval()


def block(x, mask=None):
    h = ln1(x)
    att, w = mha(h, h, h, attn_mask=mask, need_weights=True, average_attn_weights=False)
    a = x + att
    return a + lin2(torch.relu(lin1(ln2(a)))), w


cases = []
with torch.no_grad():
    for name, mask in (("no mask", None), ("causal", nn.Transformer.generate_square_subsequent_mask(N))):
        out, w = block(X, mask)
        ref = layer(X, src_mask=mask, is_causal=mask is not None)
        assert torch.allclose(out, ref, atol=1e-6), f"{name}: explicit block != nn.TransformerEncoderLayer"
        cases.append({"name": name, "is_causal": mask is not None, "output": out, "weights": w})

write_golden("transformer_torch", __file__, {
    "source": "ours: torch's pre-norm Transformer block (nn.MultiheadAttention(bias=False), nn.LayerNorm, "
    "nn.Linear-ReLU-nn.Linear), equal to nn.TransformerEncoderLayer(norm_first=True, dropout=0) with zero "
    "attention biases",
    "numHeads": H,
    "weights": weights,
    "X": X,
    "cases": cases,
})
