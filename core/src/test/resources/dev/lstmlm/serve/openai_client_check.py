"""Calls a running lstmlm server with the official openai client; prints what came back as JSON.

usage: python openai_client_check.py BASE_URL MODEL
"""
import json
import sys

import openai

base_url, model = sys.argv[1], sys.argv[2]
client = openai.OpenAI(base_url=base_url, api_key="unused", max_retries=0, timeout=60)
out = {}

plain = client.completions.create(model=model, prompt="the", max_tokens=5, temperature=0)
out["plain"] = {"text": plain.choices[0].text, "finish_reason": plain.choices[0].finish_reason,
                "object": plain.object, "usage": plain.usage.model_dump()}

pieces = []
finish = None
for chunk in client.completions.create(model=model, prompt="the", max_tokens=5, temperature=0, stream=True):
    pieces.append(chunk.choices[0].text)
    finish = chunk.choices[0].finish_reason or finish
out["stream"] = {"text": "".join(pieces), "chunks": len(pieces), "finish_reason": finish}

echo = client.completions.create(model=model, prompt="the cat sat", max_tokens=0, echo=True, logprobs=2)
lp = echo.choices[0].logprobs
out["echo"] = {"text": echo.choices[0].text, "tokens": lp.tokens, "token_logprobs": lp.token_logprobs,
               "top_logprobs": lp.top_logprobs, "text_offset": lp.text_offset}

try:
    client.completions.create(model=model, prompt="the", max_tokens="5")
    out["bad"] = "accepted"
except openai.BadRequestError as e:
    out["bad"] = {"status": e.status_code, "message": e.message}

print(json.dumps(out))
