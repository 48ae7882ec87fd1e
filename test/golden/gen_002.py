"""Golden values for document 002 (/work/shared/seeds/002_c35dca4fe2854ad7.txt,
"白话Embedding:普通人都能懂的科普文", translated from jina.ai).

The document has no code: its formulas were images. This script does its
arithmetic with numpy, both spelled out (Pythagoras term by term, sum of
products, sqrt of sum of squares) and with np.linalg.norm / np.dot /
np.degrees(np.arccos(...)), and checks the two agree.
"""
import math

import numpy as np

from _common import write_golden

# 什么是嵌入?: distance between (6,4) and (2,8)
a2, b2 = np.array([6, 4]), np.array([2, 8])
dist_2d_formula = math.sqrt((6 - 2) ** 2 + (4 - 8) ** 2)  # sqrt(16 + 16) = sqrt(32)
dist_2d = np.linalg.norm(a2 - b2)
assert dist_2d == dist_2d_formula == math.sqrt(32)

# distance between a=(3,2,5) and b=(4,5,2): "只需通过添加一项来扩展公式"
a, b = np.array([3, 2, 5]), np.array([4, 5, 2])
dist_3d_formula = math.sqrt((3 - 4) ** 2 + (2 - 5) ** 2 + (5 - 2) ** 2)  # sqrt(1 + 9 + 9) = sqrt(19)
dist_3d = np.linalg.norm(a - b)
assert dist_3d == dist_3d_formula == math.sqrt(19)

# cosine of the angle between a and b
dot = np.dot(a, b)  # 3*4 + 2*5 + 5*2 = 32
assert dot == 3 * 4 + 2 * 5 + 5 * 2 == 32
norm_a = np.linalg.norm(a)  # sqrt(9 + 4 + 25) = sqrt(38)
norm_b = np.linalg.norm(b)  # sqrt(16 + 25 + 4) = sqrt(45)
assert norm_a == math.sqrt(38) and norm_b == math.sqrt(45)
cos_theta = dot / (norm_a * norm_b)
assert abs(cos_theta - 32 / math.sqrt(38 * 45)) < 1e-15
angle_deg = np.degrees(np.arccos(cos_theta))
# The document: "这个余弦对应于大约39.3°的角度"
assert round(float(angle_deg), 1) == 39.3, angle_deg

# 我们如何为事物分配嵌入向量?: 450x450 RGB images
pixels = 450 * 450
dims = pixels * 3
assert pixels == 202500 and dims == 607500  # "202,500个像素" / "607,500个维度"

write_golden("002", __file__, {
    "source": {
        "document": "/work/shared/seeds/002_c35dca4fe2854ad7.txt",
        "title": "白话Embedding:普通人都能懂的科普文",
        "sections": "什么是嵌入? (distances, cosine, angle); 我们如何为事物分配嵌入向量? (450x450x3)",
        "code_changes": "the document has no code (its formulas are images); numpy arithmetic is ours",
    },
    "euclidean_2d": {"a": a2, "b": b2, "squared_terms": [16, 16], "distance": dist_2d, "exact": "sqrt(32)"},
    "euclidean_3d": {"a": a, "b": b, "squared_terms": [1, 9, 9], "distance": dist_3d, "exact": "sqrt(19)"},
    "cosine_3d": {
        "a": a, "b": b,
        "dot": dot, "norm_a": norm_a, "norm_b": norm_b,
        "norm_a_exact": "sqrt(38)", "norm_b_exact": "sqrt(45)",
        "cos_theta": cos_theta, "cos_theta_exact": "32 / sqrt(1710)",
        "angle_degrees": angle_deg,
        "document_prints": {"angle_degrees": "大约39.3°"},
    },
    "image_vector": {"width": 450, "height": 450, "channels": 3, "pixels": pixels, "dims": dims,
                     "document_prints": {"pixels": "202,500", "dims": "607,500"}},
    "vit_b_32_embedding_dims": 512,
})
