#!/usr/bin/env python3
"""PyTorch twin of lstmlm's word model, timed on the same workloads as `lstmlm bench`.

The model is Zaremba et al. 2014 as in TensorFlow's ptb_word_lm.py: an embedding of width H, L
stacked LSTM layers of H units with dropout on the embedding output, between the layers and on the
top layer's output, and a linear decoder back to the V words. The training cost is the sum over the
T steps of the batch-mean cross-entropy; the update is plain SGD after clipping the global gradient
norm; the hidden state is carried from one window into the next and detached (truncated BPTT).
The data is the real Penn Treebank, read and batched the way ptb_word_lm's reader.py does.

Workloads:
  train     words/s of full training steps (B*T words per step), timed after a warm-up
  eval      words/s of test-set scoring with batch 1 and num_steps 1 (the tutorial's test run)
  generate  tokens/s of sampling one token at a time from the softmax with batch 1

Prints one JSON line, for example
  {"mode": "train", "preset": "small", "threads": 1, "words_per_second": 4321.0, ...}
"""

import argparse
import collections
import ctypes
import json
import math
import os
import platform
import subprocess
import sys
import time

PRESETS = {
    # hidden, layers, num_steps, batch, keep_prob, max_grad_norm, init_scale (ptb_word_lm.py)
    "small": dict(hidden=200, layers=2, steps=20, batch=20, keep_prob=1.0, max_grad_norm=5.0, init_scale=0.1),
    "medium": dict(hidden=650, layers=2, steps=35, batch=20, keep_prob=0.5, max_grad_norm=5.0, init_scale=0.05),
}
LEARNING_RATE = 1.0


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("mode", choices=["train", "eval", "generate"])
    p.add_argument("--preset", default="small",
                   help="small or medium (ptb-small and ptb-medium are accepted too)")
    p.add_argument("--threads", type=int, default=1, help="intra-op threads (torch.set_num_threads)")
    p.add_argument("--seconds", type=float, default=60.0, help="timed duration")
    p.add_argument("--warmup-seconds", type=float, default=5.0, help="untimed run before the timing starts")
    p.add_argument("--data-dir", default=None,
                   help="directory holding ptb/ptb.{train,test}.txt (default: $LSTMLM_DATA, else ~/.cache/lstmlm)")
    p.add_argument("--seed", type=int, default=1234)
    args = p.parse_args()
    args.preset = args.preset[len("ptb-"):] if args.preset.startswith("ptb-") else args.preset
    if args.preset not in PRESETS:
        p.error(f"unknown preset {args.preset!r}: use one of {', '.join(PRESETS)}")
    if args.threads < 1:
        p.error("--threads must be at least 1")
    if args.seconds <= 0 or args.warmup_seconds < 0:
        p.error("--seconds must be positive and --warmup-seconds not negative")
    return args


OPENBLAS_CORE_PROBE = """
import ctypes
try:
    lib = ctypes.CDLL("libblas.so.3")
    lib.openblas_get_corename.restype = ctypes.c_char_p
    print(lib.openblas_get_corename().decode())
except (OSError, AttributeError):
    pass
"""


def cpu_flags():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def choose_openblas_core():
    """Names an OpenBLAS kernel set when OpenBLAS does not know this CPU and falls back to Prescott.

    OpenBLAS picks its kernels by CPU model; a model newer than its tables (as Debian's 0.3.21 meets
    on recent Xeons) gets the SSE3 "Prescott" kernels: ptb-small training with 1 thread then did
    1,303 words per CPU-second against 3,541 with the SkylakeX kernels on the same machine. The
    kernels are then chosen from the instruction sets the CPU reports instead.
    """
    if "OPENBLAS_CORETYPE" in os.environ:
        return
    probe = subprocess.run([sys.executable, "-c", OPENBLAS_CORE_PROBE], capture_output=True, text=True)
    if probe.stdout.strip() != "Prescott":
        return
    flags = cpu_flags()
    if {"avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd"} <= flags:
        os.environ["OPENBLAS_CORETYPE"] = "SkylakeX"
    elif {"avx2", "fma"} <= flags:
        os.environ["OPENBLAS_CORETYPE"] = "Haswell"


def blas_name():
    """The BLAS that torch computes with: MKL (and oneDNN) linked into the PyPI wheels, else the
    OpenBLAS that Debian's torch loads (with its kernel set), else the BLAS libraries mapped."""
    import torch
    if torch.backends.mkl.is_available():
        return "MKL" + (" + oneDNN" if torch.backends.mkldnn.is_available() else "") + " (linked into torch)"
    with open("/proc/self/maps") as f:
        # numpy's own OpenBLAS (numpy.libs) is not the one torch uses.
        paths = {line.split()[-1] for line in f if "blas" in line.split()[-1] and "numpy.libs" not in line}
    for path in sorted(paths):
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            return "OpenBLAS " + lib.openblas_get_corename().decode()
        except (OSError, AttributeError):
            continue
    return ", ".join(sorted(paths)) or "unknown"


ARGS = parse_args()
# The thread pools of OpenMP, MKL and OpenBLAS read these once, when torch loads its libraries.
for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[var] = str(ARGS.threads)
choose_openblas_core()

import torch  # noqa: E402  (imported after the thread variables are set)
import torch.nn as nn  # noqa: E402


# ---------------------------------------------------------------- data (reader.py of ptb_word_lm)

def read_words(path):
    with open(path, encoding="utf-8") as f:
        return f.read().replace("\n", "<eos>").split()


def build_vocab(path):
    """Word -> id, ids given by descending count, ties by the word itself (reader._build_vocab)."""
    counts = collections.Counter(read_words(path))
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return {word: i for i, (word, _) in enumerate(ordered)}


def load_ids(path, vocab):
    return [vocab[w] for w in read_words(path) if w in vocab]


def producer(ids, batch, steps):
    """(x, y) windows of shape (B, T), laid out like reader.ptb_producer."""
    data = torch.tensor(ids, dtype=torch.long)
    batch_len = data.numel() // batch
    data = data[: batch * batch_len].view(batch, batch_len)
    epoch_size = (batch_len - 1) // steps
    if epoch_size < 1:
        sys.exit("error: the corpus is too small for this batch size and number of steps")
    return [(data[:, i * steps:(i + 1) * steps], data[:, i * steps + 1:(i + 1) * steps + 1])
            for i in range(epoch_size)]


# ---------------------------------------------------------------- model

class WordLM(nn.Module):
    def __init__(self, vocab_size, hidden, layers, keep_prob, init_scale):
        super().__init__()
        drop = 1.0 - keep_prob
        self.encoder = nn.Embedding(vocab_size, hidden)
        self.drop = nn.Dropout(drop)
        self.rnn = nn.LSTM(hidden, hidden, num_layers=layers, dropout=drop if layers > 1 else 0.0)
        self.decoder = nn.Linear(hidden, vocab_size)
        for p in self.parameters():
            nn.init.uniform_(p, -init_scale, init_scale)

    def forward(self, x, state):
        """x: (T,B) ids -> logits (T,B,V), new (h, c) each (L,B,H)."""
        emb = self.drop(self.encoder(x))  # (T,B,H)
        out, state = self.rnn(emb, state)  # (T,B,H)
        return self.decoder(self.drop(out)), state

    def zero_state(self, batch):
        p = next(self.parameters())
        shape = (self.rnn.num_layers, batch, self.rnn.hidden_size)
        return p.new_zeros(shape), p.new_zeros(shape)


# ---------------------------------------------------------------- workloads

CPU_SECONDS = {}


def run_timed(step, warmup_seconds, seconds):
    """Calls step() until warmup_seconds pass, then counts calls for seconds; returns (calls, elapsed).

    Also notes the process's CPU time over the timed calls in CPU_SECONDS: on a machine shared with
    other jobs, CPU time per call shows what the wall-clock rate lost to them.
    """
    end = time.perf_counter() + warmup_seconds
    while time.perf_counter() < end:
        step()
    calls = 0
    cpu_start = time.process_time()
    start = time.perf_counter()
    end = start + seconds
    while True:
        step()
        calls += 1
        now = time.perf_counter()
        if now >= end:
            CPU_SECONDS["timed"] = time.process_time() - cpu_start
            return calls, now - start


def train(model, cfg, train_ids):
    windows = producer(train_ids, cfg["batch"], cfg["steps"])
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
    model.train()
    pos = {"i": 0, "state": model.zero_state(cfg["batch"]), "cost": 0.0, "batches": 0}

    def step():
        if pos["i"] == len(windows):  # a new epoch starts from the zero state, as in the tutorial
            pos["i"], pos["state"] = 0, model.zero_state(cfg["batch"])
        x, y = windows[pos["i"]]
        pos["i"] += 1
        state = tuple(s.detach() for s in pos["state"])
        logits, pos["state"] = model(x.t(), state)  # (T,B,V)
        # Sum over the T steps of the batch-mean cross-entropy = the mean over all T*B words times T.
        cost = criterion(logits.reshape(-1, logits.size(-1)), y.t().reshape(-1)) * cfg["steps"]
        optimizer.zero_grad(set_to_none=False)
        cost.backward()
        nn.utils.clip_grad_norm_(model.parameters(), cfg["max_grad_norm"])
        optimizer.step()
        pos["cost"] += cost.item()  # the tutorial fetches the cost every step too
        pos["batches"] += 1

    batches, elapsed = run_timed(step, ARGS.warmup_seconds, ARGS.seconds)
    words = batches * cfg["batch"] * cfg["steps"]
    # Over the warm-up and the timed steps together; a sanity figure that falls from about V.
    perplexity = math.exp(pos["cost"] / (pos["batches"] * cfg["steps"]))
    return {"words_per_second": words / elapsed, "batches": batches, "words": words,
            "elapsed_seconds": elapsed, "train_perplexity": perplexity}


def evaluate(model, test_ids):
    """Scores the test set one word at a time (batch 1, num_steps 1), wrapping around if time is left."""
    windows = producer(test_ids, 1, 1)
    criterion = nn.CrossEntropyLoss()
    model.eval()
    pos = {"i": 0, "state": model.zero_state(1), "cost": 0.0, "words": 0}

    def step():
        if pos["i"] == len(windows):
            pos["i"], pos["state"] = 0, model.zero_state(1)
        x, y = windows[pos["i"]]
        pos["i"] += 1
        logits, pos["state"] = model(x.t(), pos["state"])  # (1,1,V)
        pos["cost"] += criterion(logits.view(1, -1), y.view(1)).item()
        pos["words"] += 1

    with torch.inference_mode():
        words, elapsed = run_timed(step, ARGS.warmup_seconds, ARGS.seconds)
    # Of the untrained model, so about V: it shows the whole scoring path ran.
    perplexity = math.exp(pos["cost"] / pos["words"])
    return {"words_per_second": words / elapsed, "words": words, "elapsed_seconds": elapsed,
            "test_perplexity": perplexity}


def generate(model, vocab):
    """Samples one token at a time from the softmax (batch 1), feeding each sample back in."""
    model.eval()
    pos = {"token": torch.tensor([[vocab["<eos>"]]]), "state": model.zero_state(1)}

    def step():
        logits, pos["state"] = model(pos["token"], pos["state"])  # (1,1,V)
        probs = torch.softmax(logits.view(-1), dim=0)
        pos["token"] = torch.multinomial(probs, 1).view(1, 1)
        int(pos["token"])  # the caller needs the token as a number, as a real generator would

    with torch.inference_mode():
        tokens, elapsed = run_timed(step, ARGS.warmup_seconds, ARGS.seconds)
    return {"tokens_per_second": tokens / elapsed, "tokens": tokens, "elapsed_seconds": elapsed}


def data_dir():
    if ARGS.data_dir:
        return ARGS.data_dir
    env = os.environ.get("LSTMLM_DATA", "")
    return env if env.strip() else os.path.join(os.path.expanduser("~"), ".cache", "lstmlm")


def main():
    torch.set_num_threads(ARGS.threads)
    torch.manual_seed(ARGS.seed)
    ptb = os.path.join(data_dir(), "ptb")
    train_path = os.path.join(ptb, "ptb.train.txt")
    test_path = os.path.join(ptb, "ptb.test.txt")
    for path in (train_path, test_path):
        if not os.path.isfile(path):
            sys.exit(f"error: {path} is missing: set LSTMLM_DATA (or --data-dir) to a directory holding ptb/")
    vocab = build_vocab(train_path)
    cfg = PRESETS[ARGS.preset]
    model = WordLM(len(vocab), cfg["hidden"], cfg["layers"], cfg["keep_prob"], cfg["init_scale"])

    if ARGS.mode == "train":
        result = train(model, cfg, load_ids(train_path, vocab))
    elif ARGS.mode == "eval":
        result = evaluate(model, load_ids(test_path, vocab))
    else:
        result = generate(model, vocab)

    out = {"mode": ARGS.mode, "preset": ARGS.preset, "threads": ARGS.threads}
    out.update(result)
    out["cpu_seconds"] = CPU_SECONDS["timed"]
    out.update({"torch": torch.__version__, "blas": blas_name(), "python": platform.python_version(),
                "warmup_seconds": ARGS.warmup_seconds, "vocab_size": len(vocab)})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
