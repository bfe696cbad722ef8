#!/usr/bin/env python3
"""Goes on training the transformer attribution model on a GPU, with PyTorch.

The training batches come from whosaid itself, so that the GPU runs the same steps as
`whosaid train-claims --arch transformer` would on the CPU:

    whosaid train-claims --arch transformer --base models/ner-transformer \\
        --train ../shared/data/quotes/polnear-train.jsonl --epochs 4 --batch-size 4 \\
        --context-pieces 254 --seed 1 --export-batches 3 --out batches.jsonl
    python3 scripts/train_claims_gpu.py --model models/claims-transformer \\
        --batches batches.jsonl --out trained --lr 5e-5

Each line of the batches file is one batch: `{"epoch", "batch", "cls", "sep", "pad", "items":
[{"ids", "types", "targets": [[piece, label], ...]}]}`. Training matches the Rust trainer: a BERT
token classifier (the folder's config.json and model.safetensors, read in single precision),
AdamW (weight decay 0.01), the learning rate warmed up over the first steps and then decaying
linearly to 0 at the file's last batch, dropout as in the config, cross-entropy on each word's
first piece. After each epoch of the file the weights are written in half precision, as whosaid
ships them, to OUT/epochN/model.safetensors (with the folder's other files), ready for
`whosaid eval quotes --claims OUT/epochN --gold <held-out articles>` to choose the epoch.

Needs torch, transformers and safetensors (not needed by whosaid itself).
"""

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file
from transformers import BertConfig, BertForTokenClassification


def read_batches(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def tensors(batch, device):
    """Input ids, token types, attention mask, flat target positions and labels of a batch."""
    items = batch["items"]
    width = max(len(it["ids"]) for it in items) + 2
    ids = torch.full((len(items), width), batch["pad"], dtype=torch.long)
    types = torch.zeros((len(items), width), dtype=torch.long)
    mask = torch.zeros((len(items), width), dtype=torch.long)
    pos, labels = [], []
    for b, it in enumerate(items):
        n = len(it["ids"])
        ids[b, 0] = batch["cls"]
        ids[b, 1 : n + 1] = torch.tensor(it["ids"], dtype=torch.long)
        ids[b, n + 1] = batch["sep"]
        types[b, 1 : n + 1] = torch.tensor(it["types"], dtype=torch.long)
        mask[b, : n + 2] = 1
        for p, label in it["targets"]:
            pos.append(b * width + 1 + p)
            labels.append(label)
    return (
        ids.to(device),
        types.to(device),
        mask.to(device),
        torch.tensor(pos, dtype=torch.long, device=device),
        torch.tensor(labels, dtype=torch.long, device=device),
    )


def save(model, src, out):
    out.mkdir(parents=True, exist_ok=True)
    for f in src.iterdir():
        if f.is_file() and f.name not in ("model.safetensors", "calibration.tsv", "README.md"):
            shutil.copy(f, out / f.name)
    state = {
        k: v.detach().to(torch.float16).contiguous().cpu()
        for k, v in model.state_dict().items()
        if not k.endswith("position_ids")
    }
    save_file(state, str(out / "model.safetensors"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", required=True, type=Path, help="folder to start from")
    ap.add_argument("--batches", required=True, type=Path, help="batches from --export-batches")
    ap.add_argument("--out", required=True, type=Path, help="folder for epochN/ outputs")
    ap.add_argument("--lr", type=float, default=5e-5, help="peak learning rate")
    ap.add_argument("--warmup-steps", type=int, default=20)
    ap.add_argument("--weight-decay", type=float, default=0.01)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    config = BertConfig.from_json_file(str(args.model / "config.json"))
    model = BertForTokenClassification(config)
    weights = {k: v.float() for k, v in load_file(str(args.model / "model.safetensors")).items()}
    missing, unexpected = model.load_state_dict(weights, strict=False)
    missing = [k for k in missing if not k.endswith("position_ids")]
    if missing or unexpected:
        sys.exit(f"weights do not fit the config: missing {missing}, unexpected {unexpected}")
    model.to(device).train()

    batches = read_batches(args.batches)
    total = len(batches)
    # As the Rust trainer's AdamW: decoupled weight decay on every parameter.
    opt = torch.optim.AdamW(
        model.parameters(),
        lr=args.lr,
        betas=(0.9, 0.999),
        eps=1e-8,
        weight_decay=args.weight_decay,
    )
    warm = max(1, args.warmup_steps)

    def rate(step):
        if step < warm:
            return (step + 1) / warm
        return max(0.0, (total - step) / max(1, total - warm))

    sched = torch.optim.lr_scheduler.LambdaLR(opt, rate)
    loss_fn = torch.nn.CrossEntropyLoss()
    start = time.time()
    losses = []
    for step, batch in enumerate(batches):
        ids, types, mask, pos, labels = tensors(batch, device)
        logits = model(input_ids=ids, token_type_ids=types, attention_mask=mask).logits
        flat = logits.reshape(-1, logits.shape[-1])[pos]
        loss = loss_fn(flat, labels)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        sched.step()
        losses.append(loss.item())
        last = step + 1 == total or batches[step + 1]["epoch"] != batch["epoch"]
        if step % 100 == 0 or last:
            mean = sum(losses) / len(losses)
            print(
                f"epoch {batch['epoch']} batch {batch['batch']}: loss {mean:.4f} "
                f"({time.time() - start:.0f} s)",
                flush=True,
            )
            losses = []
        if last:
            out = args.out / f"epoch{batch['epoch']}"
            save(model, args.model, out)
            print(f"saved {out}", flush=True)


if __name__ == "__main__":
    main()
