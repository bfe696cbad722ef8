#!/usr/bin/env python3
"""Recomputes the shipped transformer's reference logits with an independent NumPy implementation
of BERT (read straight from model.safetensors) and compares them with the stored ones, which come
from whosaid's candle forward pass. Usage: scripts/check-reference.py [MODEL_DIR]"""
import json, math, struct, sys
import numpy as np

model = sys.argv[1] if len(sys.argv) > 1 else "models/ner-transformer"
cfg = json.load(open(f"{model}/config.json"))
ref = json.load(open(f"{model}/reference-logits.json"))

raw = open(f"{model}/model.safetensors", "rb").read()
n = struct.unpack("<Q", raw[:8])[0]
header = json.loads(raw[8:8 + n])
dtypes = {"F32": np.float32, "F16": np.float16, "BF16": None}
def tensor(name):
    info = header[name]
    a, b = info["data_offsets"]
    data = np.frombuffer(raw[8 + n + a:8 + n + b], dtype=dtypes[info["dtype"]])
    return data.astype(np.float64).reshape(info["shape"])

def layer_norm(x, p):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + cfg.get("layer_norm_eps", 1e-12)) * tensor(p + ".weight") + tensor(p + ".bias")

def linear(x, p):
    return x @ tensor(p + ".weight").T + tensor(p + ".bias")

erf = np.vectorize(math.erf)
def forward(ids, types):
    e = "bert.embeddings."
    x = tensor(e + "word_embeddings.weight")[ids] + tensor(e + "position_embeddings.weight")[: len(ids)] \
        + tensor(e + "token_type_embeddings.weight")[types]
    x = layer_norm(x, e + "LayerNorm")
    heads = cfg["num_attention_heads"]
    hd = cfg["hidden_size"] // heads
    for i in range(cfg["num_hidden_layers"]):
        p = f"bert.encoder.layer.{i}."
        q, k, v = (linear(x, p + f"attention.self.{w}").reshape(len(ids), heads, hd).transpose(1, 0, 2)
                   for w in ("query", "key", "value"))
        s = q @ k.transpose(0, 2, 1) / math.sqrt(hd)
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        ctx = (s @ v).transpose(1, 0, 2).reshape(len(ids), -1)
        x = layer_norm(linear(ctx, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
        h = linear(x, p + "intermediate.dense")
        h = 0.5 * h * (1 + erf(h / math.sqrt(2)))
        x = layer_norm(linear(h, p + "output.dense") + x, p + "output.LayerNorm")
    return linear(x, "classifier")

worst = 0.0
for s in ref["sentences"]:
    logits = forward(np.array(s["input_ids"]), np.array(s["token_type_ids"]))
    mine = logits[s["first_pieces"]]
    diff = np.abs(mine - np.array(s["logits"])).max()
    worst = max(worst, diff)
    print(f"{' '.join(s['words'])[:60]:<60} max |diff| {diff:.2e}")
print(f"largest difference: {worst:.2e}", "(within 1e-4)" if worst < 1e-4 else "(TOO LARGE)")
sys.exit(0 if worst < 1e-4 else 1)
