// The playground of lstmlm serve: generation streamed from /v1/completions (server-sent events),
// next-token bars from /v1/next, per-token surprisal from /v1/score, the model card from /v1/model.
"use strict";
(() => {
  const $ = id => document.getElementById(id);
  let model = { id: undefined, tokenizer: "word" };

  async function post(path, body, signal) {
    const r = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), signal });
    if (!r.ok) {
      let message = r.status + " " + r.statusText;
      try { message = (await r.json()).error.message; } catch (e) { /* not JSON */ }
      throw new Error(message);
    }
    return r;
  }
  function num(id, fallback) { const v = Number($(id).value); return $(id).value === "" || !isFinite(v) ? fallback : v; }
  function fmt(v, d = 2) { return Number(v).toFixed(d); }

  // ---- model card
  async function loadModel() {
    try {
      model = await (await fetch("/v1/model")).json();
    } catch (e) {
      $("model-line").textContent = "the model card could not be read: " + e.message;
      return;
    }
    const training = model.training || {};
    const results = model.results || {};
    let line = model.id + " · " + model.tokenizer + " model · vocabulary " + model.vocab_size
      + " · " + model.num_layers + " × " + model.hidden_size + " LSTM";
    if (training.corpus) line += " · trained on " + training.corpus;
    if (results.test_ppl !== undefined) line += " · test perplexity " + fmt(results.test_ppl);
    $("model-line").textContent = line;
    const body = $("model-card").tBodies[0];
    body.textContent = "";
    // Nested sections (training, results) become rows "training corpus", "results test ppl", ...
    const addRows = (obj, prefix) => {
      for (const [k, v] of Object.entries(obj)) {
        if (v === null || v === undefined) continue;
        const name = (prefix ? prefix + " " : "") + k.replace(/_/g, " ");
        if (typeof v === "object" && !Array.isArray(v)) { addRows(v, name); continue; }
        const tr = body.insertRow();
        tr.insertCell().textContent = name;
        tr.insertCell().textContent = typeof v === "number" && !Number.isInteger(v) ? fmt(v, 3) : String(v);
      }
    };
    addRows(model, "");
  }

  // ---- generate
  let generation = null;
  async function generate() {
    if (generation) generation.abort();
    const controller = new AbortController();
    generation = controller;
    const out = $("gen-output");
    out.textContent = "";
    out.dataset.tokens = "0";
    out.dataset.state = "streaming";
    $("gen-prompt").textContent = $("prompt").value;
    $("generate").disabled = true;
    $("stop-gen").disabled = false;
    $("gen-status").textContent = "generating…";
    const body = {
      prompt: $("prompt").value, max_tokens: num("length", 40), stream: true,
      temperature: $("greedy").checked ? 0 : num("temperature", 1), top_p: num("top-p", 1), top_k: num("top-k", 0),
    };
    if ($("seed").value !== "") body.seed = num("seed", 1);
    let finish = null;
    try {
      const r = await post("/v1/completions", body, controller.signal);
      const reader = r.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const event = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          for (const line of event.split("\n")) {
            if (!line.startsWith("data: ")) continue;
            const data = line.slice(6);
            if (data === "[DONE]") continue;
            const chunk = JSON.parse(data);
            if (chunk.error) throw new Error(chunk.error.message);
            const choice = chunk.choices[0];
            if (choice.text) {
              out.append(document.createTextNode(choice.text));
              out.dataset.tokens = String(Number(out.dataset.tokens) + 1);
            }
            if (choice.finish_reason) finish = choice.finish_reason;
          }
        }
      }
      $("gen-status").textContent = out.dataset.tokens + " tokens" + (finish ? " (" + finish + ")" : "");
      out.dataset.state = "done";
    } catch (e) {
      if (e.name === "AbortError") {
        $("gen-status").textContent = "stopped after " + out.dataset.tokens + " tokens";
        out.dataset.state = "stopped";
      } else {
        $("gen-status").textContent = "error: " + e.message;
        out.dataset.state = "error";
      }
    } finally {
      if (generation === controller) generation = null;
      $("generate").disabled = false;
      $("stop-gen").disabled = true;
    }
  }
  $("generate").addEventListener("click", generate);
  $("stop-gen").addEventListener("click", () => { if (generation) generation.abort(); });
  $("greedy").addEventListener("change", () => { for (const id of ["temperature", "top-k", "top-p", "seed"]) $(id).disabled = $("greedy").checked; });
  $("prompt").addEventListener("keydown", e => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); generate(); } });

  // ---- next word
  let nextTimer = null, nextRequest = 0;
  function scheduleNext() { clearTimeout(nextTimer); nextTimer = setTimeout(next, 150); }
  async function next() {
    const id = ++nextRequest;
    const k = Math.max(1, Math.min(50, num("next-k", 10)));
    let result;
    try {
      result = await (await post("/v1/next", { prime: $("next-text").value, k })).json();
    } catch (e) {
      if (id === nextRequest) $("next-status").textContent = "error: " + e.message;
      return;
    }
    if (id !== nextRequest) return; // a newer keystroke is on its way
    $("next-status").textContent = result.warning || "";
    const box = $("next-bars");
    box.textContent = "";
    const max = Math.max(...result.next.map(t => t.prob));
    for (const t of result.next) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "bar";
      b.setAttribute("role", "listitem");
      b.dataset.prob = String(t.prob);
      b.dataset.token = t.token;
      b.setAttribute("aria-label", "append " + JSON.stringify(t.token) + ", probability " + fmt(100 * t.prob, 1) + "%");
      const label = document.createElement("span");
      label.className = "t";
      label.textContent = t.token === "\n" ? "⏎" : t.token;
      const fill = document.createElement("span");
      fill.className = "fill";
      fill.style.width = (100 * t.prob / max) + "%";
      const p = document.createElement("span");
      p.className = "p";
      p.textContent = fmt(100 * t.prob, 1) + "%";
      b.append(label, fill, p);
      b.addEventListener("click", () => {
        const text = $("next-text");
        text.value += t.text;
        text.focus();
        next();
      });
      box.append(b);
    }
  }
  $("next-text").addEventListener("input", scheduleNext);
  $("next-k").addEventListener("input", scheduleNext);

  // ---- score
  const tip = $("tip");
  function showTip(span) {
    const d = span._score;
    const rows = d.top.map((a, i) => "<tr><td>" + (i + 1) + ".</td><td>" + escapeHtml(a.token) + "</td><td>" + fmt(Math.exp(a.logprob), 4) + "</td></tr>").join("");
    tip.innerHTML = "<div><b>" + escapeHtml(d.piece) + "</b></div><div>p " + fmt(Math.exp(d.logprob), 4) + " · −ln p " + fmt(-d.logprob)
      + " · rank " + d.rank + "</div>" + (rows ? "<table>" + rows + "</table>" : "");
    tip.hidden = false;
    const r = span.getBoundingClientRect();
    tip.style.left = Math.max(4, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 4)) + "px";
    tip.style.top = (window.scrollY + r.bottom + 6) + "px";
  }
  function hideTip() { tip.hidden = true; }
  function escapeHtml(s) { return String(s).replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]); }

  async function score() {
    $("score-status").textContent = "scoring…";
    let result;
    try {
      result = (await (await post("/v1/score", { texts: [$("score-text").value], per_token: true, top: 5 })).json()).results[0];
    } catch (e) {
      $("score-status").textContent = "error: " + e.message;
      return;
    }
    $("score-status").textContent = result.warning || "";
    const stats = [["log-probability", fmt(result.logprob)], ["perplexity", fmt(result.ppl)], ["tokens", result.tokens], ["OOV", result.oov]];
    const dl = $("score-stats");
    dl.textContent = "";
    for (const [k, v] of stats) {
      const d = document.createElement("div"), dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = k; dd.textContent = v; dd.dataset.stat = k;
      d.append(dt, dd); dl.append(d);
    }
    const box = $("score-tokens");
    box.textContent = "";
    result.pieces.forEach((piece, i) => {
      const logprob = result.token_logprobs[i];
      const top = (result.top_logprobs && result.top_logprobs[i]) || [];
      const at = top.findIndex(a => a.token === piece);
      const span = document.createElement("span");
      span.className = "tok";
      span.tabIndex = 0;
      span.textContent = piece === "\n" ? "⏎" : piece;
      const surprisal = -logprob;
      span.style.background = "rgba(225, 87, 89, " + Math.min(0.85, surprisal / 12).toFixed(3) + ")";
      span.dataset.logprob = String(logprob);
      span.setAttribute("aria-label", piece + ": p " + fmt(Math.exp(logprob), 4));
      span.setAttribute("aria-describedby", "tip");
      span._score = { piece, logprob, top, rank: at >= 0 ? String(at + 1) : "> " + top.length };
      span.addEventListener("mouseenter", () => showTip(span));
      span.addEventListener("focus", () => showTip(span));
      span.addEventListener("mouseleave", hideTip);
      span.addEventListener("blur", hideTip);
      box.append(span, document.createTextNode(model.tokenizer === "word" ? " " : ""));
    });
    box.dataset.tokens = String(result.pieces.length);
  }
  $("score").addEventListener("click", score);
  document.addEventListener("keydown", e => { if (e.key === "Escape") hideTip(); });

  loadModel().then(next);
})();
