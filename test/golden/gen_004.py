"""Golden values for document 004 (/work/shared/seeds/004_9219f147b8e0dcd1.txt,
"Day4: embedding & attention 觀念", iThome 2025).

The document has NO code: it describes (1) one-hot encoding of 新年快樂 in a
table, (2) a mathematician vs a physicist as 3-feature vectors compared by
cosine, (3) index -> one-hot -> embedding as a single fully-connected layer,
(4) attention weakened to softmax(X X^T) X for the tokens 早/上/好.
Everything numeric here is OURS, chosen to illustrate the text:
  - the feature values of the two scientists (the page gives none),
  - X = np.random.seed(0); np.random.rand(3, 4) for 早/上/好,
  - W = np.random.seed(1); np.random.rand(4, 3) for the one-hot lookup.
"""
import numpy as np
import torch
import torch.nn.functional as F
from sklearn.metrics.pairwise import cosine_similarity

from _common import write_golden

# ---------------------------------------------------- 1. one-hot for 新年快樂
tokens = ["新", "年", "快", "樂"]
indices = [0, 1, 2, 3]
table = ["0001", "0010", "0100", "1000"]  # the document's table, as printed
as_written = np.array([[int(c) for c in s] for s in table])
# The page's table puts index i's 1 at digit i counted from the RIGHT (read as a
# binary number the code of index i is 2**i). The usual one-hot row
# (np.eye(4)[i], torch F.one_hot) puts it at position i from the LEFT: the
# table is that matrix with its columns reversed.
eye = np.eye(4, dtype=int)
assert [int(s, 2) for s in table] == [2**i for i in indices]
assert np.array_equal(as_written, eye[:, ::-1])
assert np.array_equal(F.one_hot(torch.tensor(indices), 4).numpy(), eye)
# no notion of distance between one-hot vectors: every pair is orthogonal and
# sqrt(2) apart (the Q&A: 貓/狗 are as far apart as 貓/飛機)
onehot_cos = cosine_similarity(eye)
onehot_dist = np.linalg.norm(eye[:, None, :] - eye[None, :, :], axis=-1)
assert np.allclose(onehot_cos, np.eye(4))
assert np.allclose(onehot_dist[~np.eye(4, dtype=bool)], np.sqrt(2))

# ------------------------------- 3. index -> one-hot -> embedding = row lookup
np.random.seed(1)
W = np.random.rand(4, 3)
lookup = eye @ W  # one-hot (standard order) times W
assert np.array_equal(lookup, W)  # row i of W, exactly
lookup_as_written = as_written @ W  # with the table's bit order: row 3 - i
assert np.array_equal(lookup_as_written, W[::-1])

# -------------------------------------------- 2. mathematician vs physicist
features = ["can run", "likes coffee", "physics expertise"]
mathematician = np.array([0.9, 0.8, 0.1])  # OUR values
physicist = np.array([0.9, 0.9, 0.9])      # OUR values
cos_np = np.dot(mathematician, physicist) / (np.linalg.norm(mathematician) * np.linalg.norm(physicist))
cos_sk = cosine_similarity([mathematician], [physicist])[0, 0]
cos_t = F.cosine_similarity(torch.tensor(mathematician)[None], torch.tensor(physicist)[None]).item()
assert abs(cos_np - cos_sk) < 1e-12 and abs(cos_np - cos_t) < 1e-12
# only the first two features (run, coffee) -> nearly identical
cos_first_two = cosine_similarity([mathematician[:2]], [physicist[:2]])[0, 0]
assert cos_first_two > 0.99 and cos_np < cos_first_two

# ------------------------------------------------ 4. softmax(X X^T) X, 早/上/好
attn_tokens = ["早", "上", "好"]
np.random.seed(0)
X_np = np.random.rand(3, 4)
X = torch.from_numpy(X_np)  # float64
scores = X @ X.T
weights = F.softmax(scores, dim=-1)
output = weights @ X
assert torch.allclose(weights.sum(dim=-1), torch.ones(3, dtype=torch.float64))
assert torch.allclose(scores, scores.T)
# each output row is the weighted average of the rows of X
assert torch.allclose(output[0], sum(weights[0, j] * X[j] for j in range(3)))

write_golden("004", __file__, {
    "source": {
        "document": "/work/shared/seeds/004_9219f147b8e0dcd1.txt",
        "title": "Day4: embedding & attention 觀念 (iThome 2025 鐵人賽)",
        "sections": {
            "one_hot": "1. Embedding: table 新年快樂 (索引化 / 獨熱編碼)",
            "scientists": "1. Embedding: 數學家 vs 物理學家, 3 features, cos",
            "lookup": "1. Embedding: index -> one-hot -> embedding (單層全連接)",
            "attention": "2. attention 觀念: softmax(XX^T)X, tokens 早/上/好",
        },
        "code_changes": "the document has no code; all numbers except the one-hot table are ours",
    },
    "one_hot": {
        "tokens": tokens,
        "indices": indices,
        "document_table": table,
        "as_written": as_written,
        "standard": eye,
        "note": "the document's table sets, for index i, digit i counted from the right (0001 = 新 = index 0), "
                "i.e. as_written == standard with columns reversed; standard = np.eye(4) = torch F.one_hot",
        "pairwise_cosine": onehot_cos,
        "pairwise_distance": onehot_dist,
    },
    "lookup": {
        "seed": "np.random.seed(1); W = np.random.rand(4, 3) (ours)",
        "W": W,
        "standard_onehot_times_W": lookup,
        "as_written_onehot_times_W": lookup_as_written,
        "note": "standard one-hot row i times W = W[i]; the table's bit order picks W[3 - i]",
    },
    "scientists": {
        "note": "OUR illustrative values: the document gives no numbers, only that the two agree on running and coffee and differ on physics",
        "features": features,
        "mathematician": mathematician,
        "physicist": physicist,
        "cosine": cos_np,
        "cosine_sklearn": cos_sk,
        "cosine_torch": cos_t,
        "cosine_first_two_features": cos_first_two,
    },
    "attention": {
        "note": "softmax(X X^T) X with torch, float64; X is ours: np.random.seed(0); np.random.rand(3, 4)",
        "tokens": attn_tokens,
        "X": X,
        "scores": scores,
        "weights": weights,
        "output": output,
    },
})
