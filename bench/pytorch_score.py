#!/usr/bin/env python3
"""PyTorch twin of `lstmlm bench score`: every line of the PTB test set scored on its own.

The model is the word model of ptb_word_lm.py (an embedding of width H, L stacked LSTM layers of H
units, a linear decoder back to the V words) with weights uniform in +-init_scale. Each line is
scored the way `lstmlm score` scores it: from the zero state the model reads <eos>, then every word
of the line is scored from the ones before it, and <eos> is scored at the end. The lines are
sorted by length, cut into batches of B neighbours, padded at the end and run as (T,B) windows of
at most 1,024 rows (the state carried from window to window), the padding masked out of the sums:
the same work lstmlm's Scorer does, in torch.inference_mode.

  --save-checkpoint FILE  also writes the random model as an lstmlm checkpoint (safetensors with
                          the PTB vocabulary), so that `lstmlm score` can score the same weights
                          and the two totals can be compared (logprob_per_pass).

Prints one JSON line, for example
  {"mode": "score", "preset": "small", "batch_size": 64, "tokens_per_second": 12345.0, ...}
"""

import argparse
import collections
import json
import os
import struct
import sys
import time

import torch
from torch import nn

PRESETS = {
    # hidden, layers, init_scale (ptb_word_lm.py)
    "small": dict(hidden=200, layers=2, init_scale=0.1),
    "medium": dict(hidden=650, layers=2, init_scale=0.05),
    "test": dict(hidden=2, layers=1, init_scale=0.1),
}
MAX_ROWS = 1024  # rows (T*B) per window, as lstmlm's WindowScorer for V = 10,000


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--preset", default="small", help="small, medium or test (ptb-small etc. are accepted too)")
    p.add_argument("--batch-size", type=int, default=64, help="lines side by side (default 64)")
    p.add_argument("--threads", type=int, default=1, help="intra-op threads (torch.set_num_threads)")
    p.add_argument("--seconds", type=float, default=30.0, help="timed duration, in whole passes")
    p.add_argument("--warmup-seconds", type=float, default=5.0, help="untimed passes first")
    p.add_argument("--data-dir", default=None,
                   help="directory holding ptb/ptb.{train,test}.txt (default: $LSTMLM_DATA, else ~/.cache/lstmlm)")
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--save-checkpoint", default=None, metavar="FILE", help="write the model as an lstmlm checkpoint")
    args = p.parse_args()
    args.preset = args.preset[len("ptb-"):] if args.preset.startswith("ptb-") else args.preset
    if args.preset not in PRESETS:
        p.error(f"unknown preset {args.preset!r}: use one of {', '.join(PRESETS)}")
    if args.threads < 1 or args.batch_size < 1:
        p.error("--threads and --batch-size must be at least 1")
    if args.seconds <= 0 or args.warmup_seconds < 0:
        p.error("--seconds must be positive and --warmup-seconds not negative")
    return args


def words_of(line):
    return line.split()


def build_vocab(train_file):
    """reader.py's _build_vocab, as lstmlm builds it: by count (descending), ties in code-point order."""
    counts = collections.Counter()
    with open(train_file, encoding="utf-8") as f:
        for line in f:
            counts.update(words_of(line))
            counts["<eos>"] += 1
    return [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


class Model(nn.Module):
    def __init__(self, vocab, hidden, layers):
        super().__init__()
        self.encoder = nn.Embedding(vocab, hidden)
        self.rnn = nn.LSTM(hidden, hidden, layers)
        self.decoder = nn.Linear(hidden, vocab)


def save_checkpoint(path, model, vocab, hidden, layers):
    """An lstmlm checkpoint: safetensors with the state-dict names and the metadata lstmlm reads."""
    config = dict(vocab_size=len(vocab), input="embedding", embed_size=hidden, hidden_size=hidden,
                  num_layers=layers, keep_prob=1.0, forget_bias=0.0)
    header = {"__metadata__": {"format": "lstmlm", "format_version": "1", "model_config": json.dumps(config),
                               "tokenizer": "word", "vocabulary": json.dumps(vocab, ensure_ascii=False)}}
    blobs, offset = [], 0
    for name, t in model.state_dict().items():
        data = bytes(t.detach().to(torch.float32).clone().contiguous().untyped_storage())
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header, ensure_ascii=False).encode("utf-8")
    raw += b" " * (-len(raw) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)


def encode(lines, ids):
    eos, unk = ids["<eos>"], ids.get("<unk>")
    out = []
    for line in lines:
        toks = [ids.get(w, unk) for w in words_of(line)] + [eos]
        out.append(toks)
    return out


def score_pass(model, encoded, batch_size, eos):
    """Σ log p over every line, each scored on its own; returns (total, tokens)."""
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
    total, tokens = 0.0, 0
    layers, hidden = model.rnn.num_layers, model.rnn.hidden_size
    for first in range(0, len(order), batch_size):
        batch = [encoded[i] for i in order[first:first + batch_size]]
        b = len(batch)
        longest = max(len(t) for t in batch)
        x = torch.zeros(longest, b, dtype=torch.long)
        y = torch.zeros(longest, b, dtype=torch.long)
        mask = torch.zeros(longest, b, dtype=torch.bool)
        for j, t in enumerate(batch):
            n = len(t)
            x[0, j] = eos
            x[1:n, j] = torch.tensor(t[:-1], dtype=torch.long)
            y[:n, j] = torch.tensor(t, dtype=torch.long)
            mask[:n, j] = True
        state = (torch.zeros(layers, b, hidden), torch.zeros(layers, b, hidden))
        per_window = max(1, MAX_ROWS // b)
        for t0 in range(0, longest, per_window):
            t1 = min(longest, t0 + per_window)
            out, state = model.rnn(model.encoder(x[t0:t1]), state)
            logp = torch.log_softmax(model.decoder(out), dim=-1)
            picked = logp.gather(2, y[t0:t1].unsqueeze(2)).squeeze(2)
            total += picked[mask[t0:t1]].double().sum().item()
        tokens += sum(len(t) for t in batch)
    return total, tokens


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    data_dir = args.data_dir or os.environ.get("LSTMLM_DATA") or os.path.expanduser("~/.cache/lstmlm")
    train, test = (os.path.join(data_dir, "ptb", f"ptb.{s}.txt") for s in ("train", "test"))
    for f in (train, test):
        if not os.path.isfile(f):
            sys.exit(f"error: {f} is missing: pass --data-dir or set LSTMLM_DATA to a directory holding ptb/")
    cfg = PRESETS[args.preset]
    vocab = build_vocab(train)
    ids = {w: i for i, w in enumerate(vocab)}
    model = Model(len(vocab), cfg["hidden"], cfg["layers"])
    with torch.no_grad():
        for p in model.parameters():
            p.uniform_(-cfg["init_scale"], cfg["init_scale"])
    model.eval()
    if args.save_checkpoint:
        save_checkpoint(args.save_checkpoint, model, vocab, cfg["hidden"], cfg["layers"])
    with open(test, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line starts no line of its own
    encoded = encode(lines, ids)
    eos = ids["<eos>"]
    with torch.inference_mode():
        end = time.perf_counter() + args.warmup_seconds
        while args.warmup_seconds > 0 and time.perf_counter() < end:
            score_pass(model, encoded, args.batch_size, eos)
        t0 = time.perf_counter()
        passes = 0
        while True:
            logprob, tokens = score_pass(model, encoded, args.batch_size, eos)
            passes += 1
            if time.perf_counter() - t0 >= args.seconds:
                break
        elapsed = time.perf_counter() - t0
    print(json.dumps({
        "mode": "score", "preset": args.preset, "batch_size": args.batch_size, "threads": args.threads,
        "lines_per_second": passes * len(lines) / elapsed, "tokens_per_second": passes * tokens / elapsed,
        "lines": passes * len(lines), "tokens": passes * tokens, "passes": passes, "elapsed_seconds": elapsed,
        "logprob_per_pass": logprob, "torch": torch.__version__,
    }))


if __name__ == "__main__":
    main()
