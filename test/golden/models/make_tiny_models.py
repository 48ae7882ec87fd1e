"""Tiny seeded-random models of the documents' three architectures, and Hugging Face's
Python outputs on fixed inputs with the documents' recipes (ours: not in any document).

The real weights (distilbert-base-uncased, Xenova/resnet-18, openai/clip-vit-base-patch32)
cannot be downloaded on these machines. These models have the same classes and the same
code paths, with few layers, small widths and random weights (torch.manual_seed(0)); their
numbers mean nothing. Every config carries "attention_lab_test_only": true, and the
resolver refuses such a model unless a test asks for it.

Writes, in the layout transformers.js 2.17 reads (ONNX IR 8, opset 14, for
onnxruntime-node 1.14):
  test/golden/models/hub/Xenova/distilbert-base-uncased/   DistilBertModel, 2 layers, dim 32
  test/golden/models/hub/Xenova/resnet-18/                 ResNetModel (basic blocks, 4 stages)
  test/golden/models/hub/Xenova/clip-vit-base-patch32/     CLIPModel: 2-layer towers, ViT patch 32 at 224
  test/golden/models/outputs.json                          the Python outputs below
Inputs: document 001's three sentences; the central 224 x 224 crops of three PNG photos in
data/photos (so no resize happens: PIL's and the JS resizers differ); notebook 01's prompts.
Run with `npm run golden -- --models` (its own .venv-golden-models, requirements.txt here).
"""
import hashlib
import json
import math
import os
import platform
import shutil
import sys

import numpy as np
import onnx
import onnxruntime as ort
import tokenizers
import torch
import transformers
from PIL import Image
from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
from transformers import (
    CLIPConfig,
    CLIPImageProcessor,
    CLIPModel,
    CLIPTextModelWithProjection,
    CLIPVisionModelWithProjection,
    DistilBertConfig,
    DistilBertModel,
    PreTrainedTokenizerFast,
    ResNetConfig,
    ResNetModel,
)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
HERE = os.path.join(ROOT, "test", "golden", "models")
HUB = os.path.join(HERE, "hub")
MARK = {"attention_lab_test_only": True}

SENTENCES = ["pink short sleeve top", "pink long sleeve shirt", "man riding a horse"]  # document 001
PHOTOS = ["chelsea.png", "coffee.png", "astronaut.png"]
PROMPTS = ["a photo of a cat", "a cup of coffee", "a rocket on a launch pad", "a flower"]  # notebook 01
CROP = 224

torch.manual_seed(0)
torch.use_deterministic_algorithms(True)


def export(module, args, path, input_names, output_names, dynamic_axes, other=None):
    """TorchScript exporter, opset 14, then IR version 8 (onnxruntime-node 1.14 reads IR <= 8).
    The exporter restores the wrapper's train() mode on the way out, which would reach the model
    inside: everything is put back in eval mode after."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    module.eval()
    torch.onnx.export(
        module,
        args,
        path,
        input_names=input_names,
        output_names=output_names,
        dynamic_axes=dynamic_axes,
        opset_version=14,
        do_constant_folding=True,
        dynamo=False,
    )
    module.eval()
    m = onnx.load(path)
    m.ir_version = 8
    m.producer_name = "attention-lab test/golden/models/make_tiny_models.py (TEST ONLY, random weights)"
    onnx.checker.check_model(m)
    onnx.save(m, path)
    # the file computes what torch computes, every output, on the traced sample and on
    # another of other shapes (a trace can freeze a length or a batch size)
    session = ort.InferenceSession(path)
    for sample in (args, other) if other else (args,):
        with torch.no_grad():
            want = module(*sample)
        got = session.run(None, {n: a.numpy() for n, a in zip(input_names, sample)})
        for name, w, g in zip(output_names, want if isinstance(want, tuple) else (want,), got):
            err = float(np.abs(w.numpy() - g).max() / max(1.0, np.abs(w.numpy()).max()))
            assert err < 1e-5, f"{path}: {name} differs from torch by {err} (relative to its largest value)"


def write_json(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, ensure_ascii=False)
        f.write("\n")


def save_config(model, folder):
    config = model.config.to_dict()
    config.update(MARK)
    write_json(os.path.join(folder, "config.json"), config)


def old_style_merges(folder):
    """transformers.js 2.17 reads BPE merges as "a b" strings; tokenizers >= 0.20 writes pairs."""
    path = os.path.join(folder, "tokenizer.json")
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    merges = data["model"].get("merges")
    if merges and isinstance(merges[0], list):
        data["model"]["merges"] = [" ".join(m) for m in merges]
    write_json(path, data)


def crops():
    """The central 224 x 224 box of each photo, RGB, and the box (left, top)."""
    out = []
    for name in PHOTOS:
        im = Image.open(os.path.join(ROOT, "data", "photos", name)).convert("RGB")
        left, top = (im.width - CROP) // 2, (im.height - CROP) // 2
        out.append((name, left, top, im.crop((left, top, left + CROP, top + CROP))))
    return out


# ---- DistilBERT: document 001's text2vec, last_hidden_state.mean(1) ----------------------
def distilbert():
    folder = os.path.join(HUB, "Xenova", "distilbert-base-uncased")
    # bert-base-uncased's vocabulary cut to what the sentences need, single characters and ##characters
    with open(os.path.join(ROOT, "data", "bert-base-uncased-vocab.txt"), encoding="utf-8") as f:
        full = [line.rstrip("\n") for line in f]
    words = {w for s in SENTENCES for w in s.split()}
    keep = lambda t: (  # noqa: E731
        t in ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
        or t in words
        or (len(t) == 1 and t.isascii())
        or (len(t) == 3 and t.startswith("##") and t[2].isascii())
    )
    vocab = {t: i for i, t in enumerate(t for t in full if keep(t))}
    tok = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]", max_input_chars_per_word=100))
    tok.normalizer = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True, strip_accents=None, lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1", special_tokens=[("[CLS]", vocab["[CLS]"]), ("[SEP]", vocab["[SEP]"])]
    )
    tok.decoder = decoders.WordPiece(prefix="##")
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=tok, unk_token="[UNK]", sep_token="[SEP]", pad_token="[PAD]", cls_token="[CLS]", mask_token="[MASK]",
        model_max_length=64, do_lower_case=True,
    )
    tokenizer.save_pretrained(folder)
    cfg = json.load(open(os.path.join(folder, "tokenizer_config.json")))
    cfg["tokenizer_class"] = "DistilBertTokenizer"
    write_json(os.path.join(folder, "tokenizer_config.json"), cfg)

    config = DistilBertConfig(vocab_size=len(vocab), dim=32, n_layers=2, n_heads=2, hidden_dim=64, max_position_embeddings=64, pad_token_id=vocab["[PAD]"])
    config._attn_implementation = "eager"  # plain attention: the trace keeps every mask
    model = DistilBertModel(config).eval()
    save_config(model, folder)

    class Export(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask):
            return self.m(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    sample = tokenizer(SENTENCES[:2] + ["a"], padding=True, return_tensors="pt")  # padded, so the trace keeps the mask
    single = tokenizer(SENTENCES[2], return_tensors="pt")
    export(
        Export(model), (sample["input_ids"], sample["attention_mask"]), os.path.join(folder, "onnx", "model.onnx"),
        ["input_ids", "attention_mask"], ["last_hidden_state"],
        {"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"}, "last_hidden_state": {0: "batch", 1: "tokens"}},
        other=(single["input_ids"], single["attention_mask"]),
    )

    # the document's recipe, sentence by sentence
    tokenizer = PreTrainedTokenizerFast.from_pretrained(folder)
    rows, ids = [], []
    with torch.no_grad():
        for text in SENTENCES:
            tok_text = tokenizer(text, return_tensors="pt")
            ids.append(tok_text["input_ids"][0].tolist())
            rows.append(model(**tok_text).last_hidden_state.mean(1)[0].tolist())
    return {"sentences": SENTENCES, "input_ids": ids, "text_emb": rows, "dim": config.dim}


# ---- ResNet: Xenova/resnet-18's class (transformers ResNetModel), pooled features ----------
def resnet():
    folder = os.path.join(HUB, "Xenova", "resnet-18")
    # resnet-18's layout (basic blocks, 4 stages, 7x7 stem, max-pool) with 1 block per stage, 4..32 channels
    config = ResNetConfig(num_channels=3, embedding_size=4, hidden_sizes=[4, 8, 16, 32], depths=[1, 1, 1, 1], layer_type="basic", hidden_act="relu")
    model = ResNetModel(config).eval()
    # random running statistics, so batch norm is not the identity
    with torch.no_grad():
        for mod in model.modules():
            if isinstance(mod, torch.nn.BatchNorm2d):
                mod.running_mean.uniform_(-0.1, 0.1)
                mod.running_var.uniform_(0.5, 1.5)
    save_config(model, folder)

    class Export(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, pixel_values):
            out = self.m(pixel_values=pixel_values)
            return out.last_hidden_state, out.pooler_output

    export(
        Export(model), (torch.zeros(1, 3, 224, 224),), os.path.join(folder, "onnx", "model.onnx"),
        ["pixel_values"], ["last_hidden_state", "pooler_output"],
        {"pixel_values": {0: "batch"}, "last_hidden_state": {0: "batch"}, "pooler_output": {0: "batch"}},
        other=(torch.randn(2, 3, 224, 224, generator=torch.Generator().manual_seed(1)),),
    )

    # document 001's loader: Resize([224, 224]) (PIL bilinear; a no-op on a 224 x 224 crop), ToTensor, Normalize
    mean = torch.tensor([0.485, 0.456, 0.406]).view(3, 1, 1)
    std = torch.tensor([0.229, 0.224, 0.225]).view(3, 1, 1)
    rows, boxes = [], []
    with torch.no_grad():
        for name, left, top, im in crops():
            im = im.resize((224, 224), Image.BILINEAR)
            x = torch.from_numpy(np.asarray(im, dtype=np.float32) / 255.0).permute(2, 0, 1)
            x = ((x - mean) / std).unsqueeze(0)
            rows.append(model(pixel_values=x).pooler_output.reshape(-1).tolist())
            boxes.append({"photo": name, "left": left, "top": top, "size": CROP})
        # the whole photos, through the same loader: PIL's resize really resizes here
        full = []
        for name in PHOTOS:
            im = Image.open(os.path.join(ROOT, "data", "photos", name)).convert("RGB")
            small = im.resize((224, 224), Image.BILINEAR)
            x = torch.from_numpy(np.asarray(small, dtype=np.float32) / 255.0).permute(2, 0, 1)
            x = ((x - mean) / std).unsqueeze(0)
            full.append({
                "photo": name,
                "width": im.width,
                "height": im.height,
                "resized_sha256": hashlib.sha256(np.asarray(small, dtype=np.uint8).tobytes()).hexdigest(),
                "img_emb": model(pixel_values=x).pooler_output.reshape(-1).tolist(),
            })
    return {"crops": boxes, "img_emb": rows, "full_photos": full, "dim": config.hidden_sizes[-1]}


# ---- CLIP: document 001's text2image ------------------------------------------------------
def clip_tokenizer(folder):
    """A byte-level BPE laid out like openai/clip-vit-base-patch32's, with merges for the prompts' words."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    chars = [chr(c) for c in cs]
    vocab_list = chars + [c + "</w>" for c in chars]
    merges = []
    for word in sorted({w for p in PROMPTS for w in p.split()}):
        pieces = list(word[:-1]) + [word[-1] + "</w>"]
        while len(pieces) > 1:
            pair = (pieces[0], pieces[1])
            if pair not in merges:
                merges.append(pair)
                vocab_list.append(pair[0] + pair[1])
            pieces = [pair[0] + pair[1]] + pieces[2:]
    vocab_list += ["<|startoftext|>", "<|endoftext|>"]
    vocab = {t: i for i, t in enumerate(dict.fromkeys(vocab_list))}
    tok = Tokenizer(models.BPE(vocab, merges, continuing_subword_prefix="", end_of_word_suffix="</w>", unk_token="<|endoftext|>", fuse_unk=False))
    tok.normalizer = normalizers.Sequence([normalizers.NFC(), normalizers.Replace(tokenizers.Regex(r"\s+"), " "), normalizers.Lowercase()])
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(
            tokenizers.Regex(r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+"""),
            behavior="removed", invert=True,
        ),
        pre_tokenizers.ByteLevel(add_prefix_space=False),
    ])
    tok.post_processor = processors.RobertaProcessing(
        ("<|endoftext|>", vocab["<|endoftext|>"]), ("<|startoftext|>", vocab["<|startoftext|>"]), add_prefix_space=False, trim_offsets=False
    )
    tok.decoder = decoders.ByteLevel()
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token="<|startoftext|>", eos_token="<|endoftext|>", unk_token="<|endoftext|>", pad_token="<|endoftext|>",
        model_max_length=77,
    )
    tokenizer.save_pretrained(folder)
    cfg = json.load(open(os.path.join(folder, "tokenizer_config.json")))
    cfg["tokenizer_class"] = "CLIPTokenizer"
    write_json(os.path.join(folder, "tokenizer_config.json"), cfg)
    old_style_merges(folder)
    return vocab


def clip():
    folder = os.path.join(HUB, "Xenova", "clip-vit-base-patch32")
    vocab = clip_tokenizer(folder)
    eos, bos = vocab["<|endoftext|>"], vocab["<|startoftext|>"]
    config = CLIPConfig(
        text_config=dict(vocab_size=len(vocab), hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=2,
                         max_position_embeddings=77, projection_dim=16, bos_token_id=bos, eos_token_id=eos, pad_token_id=eos),
        vision_config=dict(hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=2, image_size=224, patch_size=32,
                           projection_dim=16),
        projection_dim=16,
        logit_scale_init_value=math.log(100.0),  # the released ViT-B/32's learned scale: logits = 100 cos
    )
    for c in (config, config.text_config, config.vision_config):
        c._attn_implementation = "eager"  # plain attention: the trace keeps every mask
    model = CLIPModel(config).eval()
    save_config(model, folder)
    processor = CLIPImageProcessor(
        do_resize=True, size={"shortest_edge": 224}, resample=3, do_center_crop=True, crop_size={"height": 224, "width": 224},
        do_rescale=True, rescale_factor=1 / 255, do_normalize=True,
        image_mean=[0.48145466, 0.4578275, 0.40821073], image_std=[0.26862954, 0.26130258, 0.27577711], do_convert_rgb=True,
    )
    write_json(os.path.join(folder, "preprocessor_config.json"), {
        # the keys Xenova/clip-vit-base-patch32's file has (transformers.js picks the class from them)
        "feature_extractor_type": "CLIPFeatureExtractor", "image_processor_type": "CLIPImageProcessor", "processor_class": "CLIPProcessor",
        "do_resize": True, "size": 224, "resample": 3, "do_center_crop": True, "crop_size": 224, "do_rescale": True, "rescale_factor": 1 / 255,
        "do_normalize": True, "image_mean": processor.image_mean, "image_std": processor.image_std, "do_convert_rgb": True,
    })

    text = CLIPTextModelWithProjection(config.text_config).eval()
    text.text_model.load_state_dict(model.text_model.state_dict())
    text.text_projection.load_state_dict(model.text_projection.state_dict())
    vision = CLIPVisionModelWithProjection(config.vision_config).eval()
    vision.vision_model.load_state_dict(model.vision_model.state_dict())
    vision.visual_projection.load_state_dict(model.visual_projection.state_dict())

    class Text(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask):
            out = self.m(input_ids=input_ids, attention_mask=attention_mask)
            return out.text_embeds, out.last_hidden_state

    class Vision(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, pixel_values):
            out = self.m(pixel_values=pixel_values)
            return out.image_embeds, out.last_hidden_state

    tokenizer = PreTrainedTokenizerFast.from_pretrained(folder)
    sample = tokenizer(PROMPTS, padding=True, return_tensors="pt")
    single = tokenizer(["a cat"], return_tensors="pt")
    export(
        Text(text), (sample["input_ids"], sample["attention_mask"]), os.path.join(folder, "onnx", "text_model.onnx"),
        ["input_ids", "attention_mask"], ["text_embeds", "last_hidden_state"],
        {"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"}, "text_embeds": {0: "batch"},
         "last_hidden_state": {0: "batch", 1: "tokens"}},
        other=(single["input_ids"], single["attention_mask"]),
    )
    export(
        Vision(vision), (torch.zeros(1, 3, 224, 224),), os.path.join(folder, "onnx", "vision_model.onnx"),
        ["pixel_values"], ["image_embeds", "last_hidden_state"],
        {"pixel_values": {0: "batch"}, "image_embeds": {0: "batch"}, "last_hidden_state": {0: "batch"}},
        other=(torch.randn(2, 3, 224, 224, generator=torch.Generator().manual_seed(1)),),
    )

    # the document's text2image: processor(text, images, padding=True), model(**inputs).logits_per_image
    images = [im for _, _, _, im in crops()]
    inputs = tokenizer(PROMPTS, padding=True, return_tensors="pt")
    inputs["pixel_values"] = processor(images=images, return_tensors="pt")["pixel_values"]
    with torch.no_grad():
        outputs = model(**inputs)
        text_embeds = model.get_text_features(input_ids=inputs["input_ids"], attention_mask=inputs["attention_mask"]).pooler_output
        image_embeds = model.get_image_features(pixel_values=inputs["pixel_values"]).pooler_output
    logits = outputs.logits_per_image  # [images, prompts]
    return {
        "prompts": PROMPTS,
        "photos": PHOTOS,
        "input_ids": inputs["input_ids"].tolist(),
        "attention_mask": inputs["attention_mask"].tolist(),
        "text_embeds": text_embeds.tolist(),
        "image_embeds": image_embeds.tolist(),
        "logit_scale": float(model.logit_scale.exp()),
        "logits_per_image": logits.tolist(),
        # text2image: the photo with the largest logit for each prompt
        "chosen_photo": [PHOTOS[int(i)] for i in logits.argmax(0)],
        "dim": config.projection_dim,
    }


def main():
    if os.path.isdir(HUB):
        shutil.rmtree(HUB)
    out = {
        "note": "ours: tiny seeded-random models of the documents' architectures (TEST ONLY); their numbers mean nothing",
        "distilbert": distilbert(),
        "resnet18": resnet(),
        "clip": clip(),
        "generated_by": {
            "script": "test/golden/models/make_tiny_models.py",
            "python": platform.python_version(),
            **{name: mod.__version__ for name, mod in (("torch", torch), ("transformers", transformers), ("tokenizers", tokenizers), ("onnx", onnx), ("onnxruntime", ort), ("numpy", np))},
        },
    }
    write_json(os.path.join(HERE, "outputs.json"), out)
    sizes = {os.path.relpath(os.path.join(d, f), HERE): os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(HUB) for f in fs}
    print(f"wrote {len(sizes)} files, {sum(sizes.values())} bytes, under {os.path.relpath(HUB, ROOT)}; largest:",
          max(sizes.items(), key=lambda kv: kv[1]))


if __name__ == "__main__":
    sys.exit(main())
