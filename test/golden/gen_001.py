"""Golden values for document 001 (/work/shared/seeds/001_05841c9f211caaa2.txt,
"向量是机器的语言"), section 一 (the numpy vector snippet).

The snippet is the document's code; only the glued lines are split again
(`import numpy as np# Creating ...` etc.: each `# comment` started a new line).
The dot product is named in the text ("对向量(例如点积)的操作") but not coded:
np.dot(vector, vector2) below is ours.

Sections 三/四 (DistilBERT, ResNet-18, CLIP, Llama-2 tokenizer) need pretrained
weights, images and a Hugging Face token; they cannot run offline and the page
prints no numbers for them. Only what the text claims is recorded.
"""
from _common import captured, write_golden

with captured() as out:
    import numpy as np
    # Creating a vector from a list
    vector = np.array([1, 2, 3])
    print("Vector:", vector)
    # Vector addition
    vector2 = np.array([4, 5, 6])
    sum_vector = vector + vector2
    print("Vector addition:", sum_vector)
    # Scalar multiplication
    scalar = 2
    scaled_vector = vector * scalar
    print("Scalar multiplication:", scaled_vector)

# ours: the dot product the text mentions
dot = np.dot(vector, vector2)

assert sum_vector.tolist() == [5, 7, 9]
assert scaled_vector.tolist() == [2, 4, 6]
assert int(dot) == 32
assert out.getvalue() == "Vector: [1 2 3]\nVector addition: [5 7 9]\nScalar multiplication: [2 4 6]\n", out.getvalue()
mnist_dims = 28 * 28
assert mnist_dims == 784  # section 四: a 28x28 MNIST image "可以表示为 784 维向量"

# ours: DistilBERT's WordPiece ids, from Hugging Face's own tokenizer (the `tokenizers`
# library behind DistilBertTokenizerFast) over data/bert-base-uncased-vocab.txt.
import hashlib
import os
from tokenizers import BertWordPieceTokenizer

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VOCAB = os.path.join(ROOT, "data", "bert-base-uncased-vocab.txt")
with open(VOCAB, "rb") as f:
    vocab_sha256 = hashlib.sha256(f.read()).hexdigest()
assert vocab_sha256 == "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3"  # bert-base-uncased vocab.txt
wordpiece = BertWordPieceTokenizer(VOCAB, lowercase=True)
wordpiece_texts = [
    "Apple is a fruit",
    "pink short sleeve top",
    "pink long sleeve shirt",
    "man riding a horse",
    "Héllo, world! 你好 unaffable strawberries",
]
wordpiece_cases = []
for text in wordpiece_texts:
    enc = wordpiece.encode(text)
    wordpiece_cases.append({"text": text, "ids": enc.ids, "tokens": enc.tokens, "decoded": wordpiece.decode(enc.ids)})
assert wordpiece_cases[0]["ids"] == [101, 6207, 2003, 1037, 5909, 102]

# ours: section 四's dimensionality reduction, on scikit-learn's 8x8 digits
# (data/digits.csv.gz is the file inside the scikit-learn wheel): PCA to 2-D, each
# axis's sign fixed so its largest loading is positive.
import gzip
from sklearn.decomposition import PCA

with gzip.open(os.path.join(ROOT, "data", "digits.csv.gz"), "rt") as f:
    digits = np.loadtxt(f, delimiter=",")
digits_X, digits_y = digits[:, :64], digits[:, 64].astype(int)
pca = PCA(n_components=2).fit(digits_X)
signs = np.sign(pca.components_[np.arange(2), np.argmax(np.abs(pca.components_), axis=1)])
components = pca.components_ * signs[:, None]
points = pca.transform(digits_X) * signs

write_golden("001", __file__, {
    "source": {
        "document": "/work/shared/seeds/001_05841c9f211caaa2.txt",
        "title": "向量是机器的语言 (原创 机器人小毛 古月居)",
        "section": "一、向量是机器的语言 (numpy snippet); 三/四 recorded qualitatively",
        "code_changes": "glued lines split at each '# comment'; np.dot is ours (the text names the dot product, the code does not compute it)",
    },
    "vector": vector,
    "vector2": vector2,
    "sum_vector": sum_vector,
    "scalar": scalar,
    "scaled_vector": scaled_vector,
    "dot": dot,
    "printed": out.getvalue(),
    "mnist_28x28_dims": mnist_dims,
    "wordpiece": {
        "note": "ours: ids from Hugging Face tokenizers' BertWordPieceTokenizer(lowercase=True) over data/bert-base-uncased-vocab.txt",
        "vocab_sha256": vocab_sha256,
        "cases": wordpiece_cases,
    },
    "digits_pca": {
        "note": "ours: sklearn PCA(n_components=2) of the 1797 x 64 digits, signs fixed (largest loading positive)",
        "shape": list(digits_X.shape),
        "label_counts": np.bincount(digits_y),
        "explained_variance_ratio": pca.explained_variance_ratio_,
        "components": components,
        "first_points": points[:5],
    },
    "qualitative": {
        "note": "NOT run (needs downloaded weights/images/token, no internet). No numbers are given by the page and none are invented here.",
        "text_embedding_distilbert": {
            "model": "distilbert-base-uncased, mean of last_hidden_state, nn.CosineSimilarity(dim=1, eps=1e-08)",
            "texts": ["pink short sleeve top", "pink long sleeve shirt", "man riding a horse"],
            "claim": "cos('pink short sleeve top', 'pink long sleeve shirt') > cos('pink short sleeve top', 'man riding a horse')",
            "more_similar_pair": ["pink short sleeve top", "pink long sleeve shirt"],
            "less_similar_pair": ["pink short sleeve top", "man riding a horse"],
            "document_prints": None,
        },
        "visual_embedding_resnet18": {
            "model": "torchvision resnet18(pretrained=True), 512-d avgpool output, images resized to 224x224, ImageNet mean/std",
            "images": ["cat.jpg", "cat2.jpg", "dog.jpg"],
            "claim": "cos(cat, cat2) > cos(cat, dog) (the purpose of the example: 'Use image emb to find similar images')",
            "more_similar_pair": ["cat.jpg", "cat2.jpg"],
            "less_similar_pair": ["cat.jpg", "dog.jpg"],
            "embedding_dims": 512,
            "document_prints": None,
        },
        "clip_text_to_image": {
            "model": "openai/clip-vit-base-patch32",
            "claim": "text2image(prompt) returns the image in ./clip_images with the largest logits_per_image",
            "document_prints": None,
        },
        "llama2_tokenizer": {
            "model": "meta-llama/Llama-2-7b-chat-hf",
            "text": "Apple is a fruit",
            "claim": "tokenizer.encode gives token ids; tokenizer.decode gives the text back",
            "document_prints": None,
        },
    },
})
