"""Golden values for document 003 (/work/shared/seeds/003_44343b93be5aba5b.txt,
"【GPT概念-03】:人工智能中的注意力机制").

  (a) section 三: the word-length toy attention (Steps 1-5)
  (b) section 4.5: the document's first softmax on [2.0, 1.0, 0.1]
  (c) sections 4.2-4.6: Q/K/V, dot product, scaling, softmax, x V, step by step,
      then the full scaled_dot_product_attention(X, W_Q, W_K, W_V) function

The code is the document's. Only formatting damage is repaired: statements
glued after a comment or after a print (`...)# Step 2`, `import numpy as np# Example`,
`def softmax(z):exp_scores = ...`) are put back on their own lines.
ONE real change: the document draws X, W_Q, W_K, W_V with np.random.rand and
NO seed, so its printed matrices cannot be reproduced. We call
np.random.seed(0) right before each of its two drawing blocks (same draws, in
the document's order: X 10x16, W_Q, W_K, W_V 16x16), so the step-by-step
code and the function see the same inputs.
"""
import re

from _common import captured, write_golden

# ===================================================== (a) section 三, Steps 1-5
with captured() as out_a:
    # Step 1: Tokenize the sentence
    sentence = "Awareness is power in a world where knowledge is everywhere"
    words = sentence.split()
    print(f"Step 1 - Tokenized Words: {words}")
    # Step 2: Simulate embeddings (simple numerical representations)
    word_embeddings = {word: [ord(char) - 96 for char in word.lower()] for word in words}
    print("\nStep 2 - Word Embeddings:")
    for word, embedding in word_embeddings.items():
        print(f"{word}: {embedding}")
    # Step 3: Automatically generate attention weights based on word length
    total_characters = sum(len(word) for word in words)
    attention_weights = {word: len(word) / total_characters for word in words}
    print("\nStep 3 - Attention Weights:")
    for word, weight in attention_weights.items():
        print(f"{word}: {weight:.3f}")
    # Step 4: Compute weighted sum of embeddings
    weighted_embeddings = {word: [weight * val for val in embedding]for word, embedding in word_embeddings.items()for word_weight, weight in attention_weights.items() if word == word_weight}
    final_vector = [0] * len(max(word_embeddings.values(), key=len))
    for embedding in weighted_embeddings.values():
        final_vector = [sum(x) for x in zip(final_vector, embedding)]
    print("\nStep 4 - Final Vector Before Transformation:")
    print(final_vector)
    # Step 5: Apply a simple transformation as a simulated model process
    processed_output = sum(final_vector)
    print(f"\nStep 5 - Processed Output: {processed_output}")

# What the page shows as output (its blank lines were lost in the page, like
# its line breaks; the joins are split again here).
DOC_OUTPUT_A = """\
Step 1 - Tokenized Words: ['Awareness', 'is', 'power', 'in', 'a', 'world', 'where', 'knowledge', 'is', 'everywhere']
Step 2 - Word Embeddings:
Awareness: [1, 23, 1, 18, 5, 14, 5, 19, 19]
is: [9, 19]
power: [16, 15, 23, 5, 18]
in: [9, 14]
a: [1]
world: [23, 15, 18, 12, 4]
where: [23, 8, 5, 18, 5]
knowledge: [11, 14, 15, 23, 12, 5, 4, 7, 5]
everywhere: [5, 22, 5, 18, 25, 23, 8, 5, 18, 5]
Step 3 - Attention Weights:
Awareness: 0.180
is: 0.040
power: 0.100
in: 0.040
a: 0.020
world: 0.100
where: 0.100
knowledge: 0.180
everywhere: 0.200
Step 4 - Final Vector Before Transformation:
[10.100000000000001]
Step 5 - Processed Output: 10.100000000000001"""
printed_a = out_a.getvalue()
assert [l for l in printed_a.splitlines() if l] == DOC_OUTPUT_A.splitlines(), printed_a
assert final_vector == [10.100000000000001], final_vector
assert processed_output == 10.100000000000001, processed_output
assert total_characters == 50
assert len(word_embeddings) == 9  # 'is' occurs twice: dict keys collapse it
# zip() stops at the shortest list: after 'a' (length 1) only the first
# coordinate survives, hence a 1-element final vector.
assert len(max(word_embeddings.values(), key=len)) == 10

part_a = {
    "sentence": sentence,
    "words": words,
    "word_embeddings": word_embeddings,
    "total_characters": total_characters,
    "attention_weights": attention_weights,
    "attention_weights_printed": {w: f"{v:.3f}" for w, v in attention_weights.items()},
    "weighted_embeddings": weighted_embeddings,
    "final_vector_initial_length": len(max(word_embeddings.values(), key=len)),
    "final_vector": final_vector,
    "processed_output": processed_output,
    "printed": printed_a,
    "note": "dicts keep insertion order (9 keys: the 2nd 'is' overwrites the 1st with the same value); "
            "final_vector has 1 element because zip() truncates to the shortest list ('a' has 1 letter); "
            "summation order is the dict order above, which gives 10.100000000000001",
}

# ===================================================== (b) section 4.5 softmax
with captured() as out_b:
    import numpy as np
    def softmax(z):
        exp_scores = np.exp(z) # This is e^z where e is a math constant
        probabilities = exp_scores / np.sum(exp_scores)
        return probabilities
    # Example usage
    vector_array = [2.0, 1.0, 0.1]
    print("Softmax probabilities:", softmax(vector_array))
first_softmax = softmax
assert out_b.getvalue() == "Softmax probabilities: [0.65900114 0.24243297 0.09856589]\n", out_b.getvalue()
part_b = {
    "input": vector_array,
    "probabilities": softmax(vector_array),
    "printed": out_b.getvalue(),
    "document_prints": "Softmax probabilities: [0.65900114 0.24243297 0.09856589]",
}

# ============================================ (c) sections 4.2-4.6 step by step
# 4.2 Step 2
import numpy as np
np.random.seed(0)  # OURS: the document does not seed
# Example input embeddings
X = np.random.rand(10, 16)  # 10 elements, each is a 16-dimensional vector
# Initialize weight matrices for queries, keys, and values
W_Q = np.random.rand(16, 16)  # Dimensions chosen for example purposes
W_K = np.random.rand(16, 16)
W_V = np.random.rand(16, 16)
# Compute queries, keys, and values
Q = np.dot(X, W_Q)
K = np.dot(X, W_K)
V = np.dot(X, W_V)
# 4.3 Step 3
dot_product = np.dot(Q, K.T) ## Using numpy's inbuilt functions
# 4.4 Step 4
d_k = K.shape[-1] ## This will be 16 in this case
## Basically dividing by square root of 16, i.e. 4 in this case
scaled_dot_product = dot_product/(np.sqrt(d_k))
# 4.5 Step 5: with the softmax defined just above it in 4.5 (no axis: it
# normalises over the WHOLE 10x10 matrix, not per row)
attention_weights = softmax(scaled_dot_product)
# 4.6 Step 6
output = np.dot(attention_weights, V)

assert d_k == 16 and np.sqrt(d_k) == 4.0
stepwise = {
    "note": "the document's steps 4.2-4.6 run in order. Step 5 uses the document's first softmax (4.5), "
            "which has no axis: the weights sum to 1 over the whole 10x10 matrix, not per row. "
            "The function version below uses a row-wise softmax instead, so its weights/output differ.",
    "attention_weights": attention_weights,
    "attention_weights_total": float(attention_weights.sum()),
    "output": output,
}
assert abs(attention_weights.sum() - 1.0) < 1e-12
step_Q, step_K, step_V, step_dot, step_scaled = Q, K, V, dot_product, scaled_dot_product

# ===================================== (c) the full function, verbatim, seeded
with captured() as out_c:
    import numpy as np
    def softmax(z):
        exp_scores = np.exp(z - np.max(z, axis=-1, keepdims=True))  # Improve stability
        return exp_scores / np.sum(exp_scores, axis=-1, keepdims=True)
    def scaled_dot_product_attention(X, W_Q, W_K, W_V):
        # Compute queries, keys, and values
        Q = np.dot(X, W_Q)
        K = np.dot(X, W_K)
        V = np.dot(X, W_V)
        # Calculate dot products of Q and K^T
        dot_product = np.dot(Q, K.T)
        # Get the scaled dot product
        d_k = K.shape[-1]
        scaled_dot_product = dot_product / np.sqrt(d_k)
        # Apply softmax to get attention weights
        attention_weights = softmax(scaled_dot_product)
        # Multiply by V to get the output
        output = np.dot(attention_weights, V)
        return output, attention_weights
    # Example usage
    # Define input embeddings and weight matrices
    np.random.seed(0)  # OURS: the document does not seed
    X = np.random.rand(10, 16)  # 10 elements, each is a 16-dimensional vector
    W_Q = np.random.rand(16, 16)
    W_K = np.random.rand(16, 16)
    W_V = np.random.rand(16, 16)
    output, attention_weights = scaled_dot_product_attention(X, W_Q, W_K, W_V)
    print("Output (Aggregated Embeddings):")
    print(output)
    print("\nAttention Weights (Relevance Scores):")
    print(attention_weights)

# the function computes the same Q, K, V, scores as the steps (same seeded draws)
assert np.array_equal(np.dot(X, W_Q), step_Q) and np.array_equal(np.dot(X, W_K), step_K)
assert np.array_equal(np.dot(X, W_V), step_V)
assert np.array_equal(scaled_dot_product_attention(X, W_Q, W_K, W_V)[0], output)
assert np.allclose(attention_weights.sum(axis=1), 1.0)
assert np.allclose(output, attention_weights @ step_V)
_e = np.exp(step_scaled - step_scaled.max(axis=1, keepdims=True))
assert np.allclose(attention_weights, _e / _e.sum(axis=1, keepdims=True))


# ------------------------------------------------ the document's printed run
# (unseeded, so only its shape and character can be compared with ours)
DOC_PRINTED_OUTPUT = (
    '[[5.09599132 4.4742368  4.48008769 4.10447843 5.73438516 5.206632913.53378133 5.82415923'
    ' 3.72478851 4.77225668 5.27221298 3.622510284.68724943 3.93792586 4.3472472  5.12591473]'
    '[5.09621662 4.47427655 4.48007838 4.10450512 5.73436916 5.206670633.53370481 5.82419706 '
    '3.72482501 4.77241048 5.27219455 3.62255874.68727098 3.93783536 4.34720002 5.12597141][5'
    '.09563269 4.47417458 4.48010325 4.10443597 5.734411   5.206573533.53390455 5.82409992 3.'
    '72473137 4.77201189 5.2722428  3.62243354.68721553 3.9380711  4.34732342 5.12582479][5.0'
    '9632807 4.47429524 4.48007309 4.10451827 5.7343609  5.20668863.5336657  5.82421494 3.724'
    '84219 4.77248653 5.27218496 3.622582434.6872813  3.93778954 4.34717566 5.12599916][5.096'
    '28431 4.47428739 4.4800748  4.10451308 5.73436398 5.206681193.5336804  5.8242075  3.7248'
    '3498 4.77245663 5.2721885  3.622573014.68727707 3.93780698 4.3471847  5.12598815][5.0962'
    '137  4.47427585 4.48007837 4.10450476 5.7343693  5.206670013.53370556 5.82419641 3.72482'
    '437 4.77240847 5.2721947  3.622558034.68727063 3.93783633 4.34720044 5.12597062][5.09590'
    '612 4.47422339 4.48009238 4.10446839 5.73439171 5.206619763.53381233 5.82414622 3.724776'
    '19 4.77219864 5.27222067 3.622492284.68724184 3.93796181 4.34726669 5.12589365][5.096377'
    '1  4.47430327 4.48007062 4.10452404 5.73435721 5.206696373.53364826 5.82422266 3.7248495'
    '7 4.77251996 5.27218067 3.622592844.68728578 3.93776918 4.34716475 5.12601133][5.0942779'
    '1 4.47393653 4.48016038 4.10427489 5.7345063  5.20634663.53436561 5.8238718  3.72451289 '
    '4.77108808 5.27235308 3.62214184.68708645 3.93861577 4.34760721 5.12548251][5.09598424 4'
    '.47423751 4.48008936 4.1044777  5.73438636 5.206633133.53378627 5.82415973 3.72478915 4.'
    '77225191 5.27221451 3.622509194.68724941 3.93793083 4.34725075 5.12591352]]Attention Wei'
    'ghts (Relevance Scores):'
)

DOC_PRINTED_WEIGHTS = (
    '[[1.39610340e-09 2.65875422e-07 1.06720407e-09 2.46473541e-043.30566624e-06 7.59082039e-'
    '07 9.47371303e-09 9.99749155e-016.23506419e-13 2.87692454e-08][9.62249688e-11 3.85672864'
    'e-08 6.13600771e-11 1.16144738e-046.40885383e-07 1.06810081e-07 7.39585064e-10 9.9988306'
    '5e-011.63713108e-14 2.75331274e-09][3.69381681e-09 6.13144136e-07 2.80803461e-09 4.55134'
    '876e-046.64814118e-06 1.49670062e-06 2.41414264e-08 9.99536010e-012.48323405e-12 6.63936'
    '853e-08][9.79218477e-12 6.92919207e-09 7.68894361e-12 5.05418004e-051.23007726e-07 2.348'
    '23978e-08 1.24176332e-10 9.99949304e-019.59727501e-16 4.83111885e-10][1.24670936e-10 4.2'
    '7972941e-08 1.21790065e-10 7.57169471e-057.82443047e-07 1.57462636e-07 1.16640444e-09 9.'
    '99923294e-012.35191256e-14 5.02281725e-09][1.35436961e-10 5.32213794e-08 1.10051728e-10 '
    '1.17621865e-048.32222943e-07 1.59229009e-07 1.31918356e-09 9.99881326e-013.69075253e-14 '
    '5.44039607e-09][1.24666668e-09 2.83110486e-07 8.25483229e-10 2.97601672e-042.85247687e-0'
    '6 7.16442470e-07 8.11115147e-09 9.99698510e-014.61471570e-13 2.58350362e-08][2.94232175e'
    '-12 2.82720887e-09 2.06606788e-12 2.14674234e-057.58050062e-08 1.04137540e-08 3.39606998'
    'e-11 9.99978443e-011.00563466e-16 1.36133761e-10][3.29813507e-08 2.92401719e-06 2.068393'
    '03e-08 1.23927899e-032.00026214e-05 6.59439395e-06 1.48264494e-07 9.98730623e-014.905834'
    '70e-11 3.74539859e-07][3.26708157e-10 9.74857808e-08 2.53245979e-10 2.52864875e-041.7670'
    '1970e-06 3.06926908e-07 2.62423409e-09 9.99744949e-011.07566811e-13 1.10075243e-08]]'
)
NUM = re.compile(r"\d\.\d+e[+-]\d\d|\d\.\d+?(?=\d\.|\s|\]|$)")


def parse_rows(text):
    body = text.split("]]")[0].lstrip("[")
    return [[float(v) for v in NUM.findall(row)] for row in body.split("][")]


doc_output = parse_rows(DOC_PRINTED_OUTPUT)
doc_weights = parse_rows(DOC_PRINTED_WEIGHTS)
assert [len(r) for r in doc_output] == [16] * 10, [len(r) for r in doc_output]
assert [len(r) for r in doc_weights] == [10] * 10, [len(r) for r in doc_weights]
doc_w = np.array(doc_weights)
assert np.allclose(doc_w.sum(axis=1), 1.0, atol=1e-7)  # row-wise softmax, as the function does
assert (doc_w.argmax(axis=1) == 7).all()  # every row picks element 7


# ------------------------------------------------ extension (ours)
def row_softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


unscaled_weights = row_softmax(step_dot)
extension = {
    "note": "OURS, not the document's: how peaked the row-wise weights are, scaled (/sqrt(16)=4) vs unscaled. "
            "With seed 0 the scaled weights peak at 0.56-0.78 (all rows pick element 1), unscaled at 0.93-0.997; "
            "the document's unseeded run was near one-hot (0.9987-0.99998, all rows pick element 7).",
    "max_weight_per_row": attention_weights.max(axis=1),
    "argmax_per_row": attention_weights.argmax(axis=1),
    "unscaled_attention_weights": unscaled_weights,
    "unscaled_max_weight_per_row": unscaled_weights.max(axis=1),
    "unscaled_argmax_per_row": unscaled_weights.argmax(axis=1),
    "document_max_weight_per_row": doc_w.max(axis=1),
    "document_argmax_per_row": doc_w.argmax(axis=1),
}

# keep the note above honest
assert (attention_weights.argmax(axis=1) == 1).all()
assert 0.56 < attention_weights.max(axis=1).min() and attention_weights.max(axis=1).max() < 0.78
assert 0.92 < unscaled_weights.max(axis=1).min() and unscaled_weights.max(axis=1).max() < 0.998
assert 0.9987 < doc_w.max(axis=1).min() and doc_w.max(axis=1).max() < 0.99998

write_golden("003", __file__, {
    "source": {
        "document": "/work/shared/seeds/003_44343b93be5aba5b.txt",
        "title": "【GPT概念-03】:人工智能中的注意力机制",
        "sections": {
            "word_length_attention": "三、注意的早期迹象 (Steps 1-5)",
            "softmax_example": "4.5 步骤5 (softmax of [2.0, 1.0, 0.1])",
            "scaled_dot_product_attention": "4.2-4.6 and the full scaled_dot_product_attention function",
        },
        "code_changes": "glued lines split; np.random.seed(0) added before both drawing blocks (the document does not seed)",
    },
    "word_length_attention": part_a,
    "softmax_example": part_b,
    "scaled_dot_product_attention": {
        "seed": "np.random.seed(0), then np.random.rand: X (10,16), W_Q, W_K, W_V (16,16), in this order (ours: the document is unseeded)",
        "X": X, "W_Q": W_Q, "W_K": W_K, "W_V": W_V,
        "Q": step_Q, "K": step_K, "V": step_V,
        "dot_product": step_dot,
        "d_k": d_k,
        "sqrt_d_k": float(np.sqrt(d_k)),
        "scaled_dot_product": step_scaled,
        "attention_weights": attention_weights,
        "output": output,
        "printed": out_c.getvalue(),
        "stepwise_with_first_softmax": stepwise,
        "document_printed": {
            "note": "the page's own (unseeded) run, parsed from its text: not reproducible, kept for comparison of shape and character",
            "output": doc_output,
            "attention_weights": doc_weights,
        },
    },
    "extension": extension,
})
