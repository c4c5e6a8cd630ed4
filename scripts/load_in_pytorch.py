#!/usr/bin/env python3
"""Loads an lstmlm checkpoint into torch.nn modules and runs a forward pass.

A checkpoint is a safetensors file whose tensors carry PyTorch's state-dict names and shapes, so a
word model is nn.Embedding + nn.LSTM + nn.Linear and a one-hot character model nn.LSTM + nn.Linear;
its __metadata__ holds the model config ("model_config"), the tokenizer and the vocabulary. Two
details of the config matter here: "forget_bias" is added to the forget gates' input (TensorFlow's
forget_bias; 0 in most recipes), which PyTorch expresses by adding it to bias_ih's forget slice, and
"last_hidden_size" (AWD-LSTM) gives the last layer its own width, which needs one nn.LSTM per layer.

  python scripts/load_in_pytorch.py runs/RUN/model.safetensors --ids 1,5,2
prints one JSON object: the config, the tokenizer and, for the given token ids read one after the
other from the zero state, the log-probabilities of every next token ("logprobs", T rows of V).
Needs torch and safetensors (bench/setup-python.sh makes a venv with both).
"""

import argparse
import json
import os

import torch
from safetensors import safe_open
from safetensors.torch import load_file
from torch import nn


class LstmLm(nn.Module):
    """The model an lstmlm checkpoint describes, from its model_config."""

    def __init__(self, cfg):
        super().__init__()
        v, h, layers = cfg["vocab_size"], cfg["hidden_size"], cfg["num_layers"]
        top = cfg.get("last_hidden_size") or h
        self.vocab_size = v
        self.one_hot = cfg["input"] == "one_hot"
        e = v if self.one_hot else cfg["embed_size"]
        self.encoder = None if self.one_hot else nn.Embedding(v, e)
        if top == h:
            self.rnn = nn.LSTM(e, h, layers)  # the names of the file: rnn.weight_ih_l{k}, ...
            self.layers = None
        else:
            sizes = [h] * (layers - 1) + [top]
            self.rnn = None
            self.layers = nn.ModuleList(nn.LSTM(e if k == 0 else sizes[k - 1], sizes[k], 1) for k in range(layers))
        self.decoder = nn.Linear(top, v)
        if cfg.get("tied"):
            self.decoder.weight = self.encoder.weight

    def load_lstmlm(self, tensors, cfg):
        """Copies the checkpoint's tensors in; a tied file holds the shared matrix under both names."""
        if self.layers is not None:
            renamed = {}
            for name, t in tensors.items():
                if name.startswith("rnn."):
                    base, k = name[len("rnn."):].rsplit("_l", 1)
                    renamed[f"layers.{k}.{base}_l0"] = t
                else:
                    renamed[name] = t
            tensors = renamed
        self.load_state_dict(tensors, strict=True)
        fb = cfg.get("forget_bias", 0.0)
        if fb:
            with torch.no_grad():
                for name, p in self.named_parameters():
                    if "bias_ih" in name:
                        hidden = p.shape[0] // 4
                        p[hidden:2 * hidden] += fb  # gate order i, f, g, o

    def forward(self, ids):
        """ids: (T,B) token ids -> (T,B,V) log-probabilities of the next token, from the zero state."""
        x = nn.functional.one_hot(ids, self.vocab_size).float() if self.one_hot else self.encoder(ids)
        if self.rnn is not None:
            x, _ = self.rnn(x)
        else:
            for layer in self.layers:
                x, _ = layer(x)
        return torch.log_softmax(self.decoder(x), dim=-1)


def load(path):
    """(model, metadata) of an lstmlm checkpoint (or of a run directory's model.safetensors), the model in eval mode."""
    if os.path.isdir(path):
        path = os.path.join(path, "model.safetensors")
    with safe_open(path, framework="pt") as f:
        meta = f.metadata()
    if meta.get("format") != "lstmlm":
        raise SystemExit(f"{path} is not an lstmlm checkpoint (no format=lstmlm in its metadata)")
    cfg = json.loads(meta["model_config"])
    model = LstmLm(cfg)
    model.load_lstmlm(load_file(path), cfg)
    return model.eval(), meta


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("model", help="an lstmlm checkpoint (.safetensors) or a run directory")
    p.add_argument("--ids", default="0", help="comma-separated token ids to read (default: 0)")
    args = p.parse_args()
    model, meta = load(args.model)
    ids = torch.tensor([int(i) for i in args.ids.split(",")], dtype=torch.long).unsqueeze(1)  # (T,1)
    with torch.inference_mode():
        logprobs = model(ids)[:, 0, :]
    print(json.dumps({"model_config": json.loads(meta["model_config"]), "tokenizer": meta["tokenizer"],
                      "vocabulary_size": len(json.loads(meta["vocabulary"])), "logprobs": logprobs.tolist()}))


if __name__ == "__main__":
    main()
