"""Golden values for document 000 (/work/shared/seeds/000_fa3eb245ed453b38.txt,
"AI神奇魅力的源點:相似度"): section 3 simi_01.py and section 4 simi_02.py.

The two programs below are the document's code. Only the page's formatting
damage is repaired: smart quotes -> ASCII quotes, the page's pinyin ruby
(個(gè), 對(duì) ...) dropped from the comments, the lost backslash in the
"\\n" escapes ("nCosine..." / 'n' in the page), the line break inside
`keepdims=\\nTrue`, and the typo `torch.fl oat32` -> `torch.float32`.
Anything after the two programs is ours (checks, and a labelled extension).
"""
import math

from _common import captured, write_golden

# ---------------------------------------------------------------- simi_01.py
with captured() as out_01:
    # simi_01.py
    import numpy as np
    from sklearn.metrics.pairwise import cosine_similarity
    # 定義三個3 維向量
    x = np.array([[255,0,0],[255,105,180],[0,255,0]])
    # 將向量歸一化,這對于計算cosine similarity 很重要
    normalized_x = x / np.linalg.norm(x, axis=1, keepdims=True)
    # 使用cosine_similarity 計算相似度
    similarity_matrix = cosine_similarity(normalized_x)
    print("\nCosine Similarity Matrix:")
    print('\n', similarity_matrix)
    #END
simi_01 = {"x": x, "normalized_x": normalized_x, "similarity_matrix": similarity_matrix}

# ---------------------------------------------------------------- simi_02.py
with captured() as out_02:
    #simi_02.py
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    # 定義三個3 維向量
    x = torch.tensor([
    [255, 0, 0],
    [255,105,180],
    [0, 0, 255]], dtype=torch.float32)
    scores = x.matmul(x.T)
    # 使用Attention-weights
    attention_weights = F.softmax(scores, dim=1)
    print("\nAttention-weights:")
    print(attention_weights)
    #END
simi_02 = {"x": x, "dtype": "float32", "scores": scores, "attention_weights": attention_weights}

# ------------------------------------------------ the document's own numbers
# Section 3 reads the matrix as: red/pink ≈ 0.77, pink/green ≈ 0.31,
# red/green ≈ 0.0, diagonal 1.0. (Its screenshot of the output is not in the text.)
S = similarity_matrix
assert np.allclose(np.diag(S), 1.0)
assert np.allclose(S, S.T)
assert round(S[0, 1], 2) == 0.77, S[0, 1]
# pink/green is 105/sqrt(108450) = 0.31884...: the page's "約0.31" is the value
# truncated to two decimals (rounded it would be 0.32).
assert math.floor(S[1, 2] * 100) / 100 == 0.31 and abs(S[1, 2] - 0.31) < 0.01, S[1, 2]
assert abs(S[0, 2]) < 1e-12, S[0, 2]
assert abs(S[0, 1] - 255 / math.sqrt(255**2 + 105**2 + 180**2)) < 1e-12
assert abs(S[1, 2] - 105 / math.sqrt(255**2 + 105**2 + 180**2)) < 1e-12

# simi_02: the page prints no numbers; these are what the code gives.
sc = scores.numpy()
assert sc.tolist() == [[65025.0, 65025.0, 0.0], [65025.0, 108450.0, 45900.0], [0.0, 45900.0, 65025.0]]
aw = attention_weights.numpy()
assert np.allclose(aw.sum(axis=1), 1.0)
assert aw[0].tolist() == [0.5, 0.5, 0.0], aw[0]  # red ties with pink (255*255 both)
assert aw[1].tolist() == [0.0, 1.0, 0.0], aw[1]
assert aw[2].tolist() == [0.0, 0.0, 1.0], aw[2]


# ---------------------------------------- extension (ours, not the document's)
def softmax_rows(m):
    m = np.asarray(m, dtype=np.float64)
    e = np.exp(m - m.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def side_by_side(rows):
    v = np.asarray(rows, dtype=np.float64)
    n = v / np.linalg.norm(v, axis=1, keepdims=True)
    raw = v @ v.T
    cos = n @ n.T
    return {
        "x": v,
        "scores": raw,
        "cosine": cos,
        "softmax_cosine": softmax_rows(cos),
        "scores_over_sqrt_d": raw / math.sqrt(v.shape[1]),
        "softmax_scores_over_sqrt_d": softmax_rows(raw / math.sqrt(v.shape[1])),
        "softmax_scores": softmax_rows(raw),
        "normalised_scores": n @ n.T,
        "softmax_normalised_scores": softmax_rows(n @ n.T),
    }


ext_01 = side_by_side([[255, 0, 0], [255, 105, 180], [0, 255, 0]])
ext_02 = side_by_side([[255, 0, 0], [255, 105, 180], [0, 0, 255]])
assert np.allclose(ext_01["cosine"], similarity_matrix)
assert np.allclose(ext_02["softmax_scores"], aw)

write_golden("000", __file__, {
    "source": {
        "document": "/work/shared/seeds/000_fa3eb245ed453b38.txt",
        "title": "AI神奇魅力的源點:相似度",
        "sections": {"simi_01": "3 認識相似度矩陣 (simi_01.py)", "simi_02": "4 延伸到注意力權重 (simi_02.py)"},
        "code_changes": "formatting only: smart quotes, pinyin ruby dropped from comments, lost backslash in '\\n', line break in keepdims=True, 'torch.fl oat32' -> torch.float32",
    },
    "simi_01": {
        **simi_01,
        "printed": out_01.getvalue(),
        "document_reads": {"red_pink": 0.77, "pink_green": 0.31, "red_green": 0.0, "self": 1.0,
                           "note": "the page's 0.31 is 0.31884... truncated; rounded it is 0.32"},
    },
    "simi_02": {
        **simi_02,
        "printed": out_02.getvalue(),
        "document_reads": "no numbers in the text (the output was a screenshot)",
    },
    "extension": {
        "note": "OURS, not the document's: the notebook shows these next to the document's results. "
                "float64 numpy, row-wise softmax; d = 3 so scores_over_sqrt_d = scores / sqrt(3); "
                "normalised_scores = dot products of L2-normalised rows (= cosine).",
        "simi_01_x": ext_01,
        "simi_02_x": ext_02,
    },
})
