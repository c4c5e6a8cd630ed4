// The training dashboard: runs on disk and the running training, from /api/events (server-sent events).
"use strict";
(() => {
  const $ = id => document.getElementById(id);
  const state = { runs: new Map(), shown: new Set(), batches: [], live: false, stopping: false, latest: null };

  function fmt(v, digits = 2) { return v === null || v === undefined || !isFinite(v) ? "–" : Number(v).toFixed(digits); }
  function duration(s) {
    if (s === null || s === undefined || !isFinite(s)) return "–";
    s = Math.round(s);
    const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, sec = s % 60;
    return (h ? h + ":" + String(m).padStart(2, "0") : m) + ":" + String(sec).padStart(2, "0");
  }
  function bestValid(run) {
    const vals = run.metrics.map(m => m.valid_ppl).filter(v => typeof v === "number" && isFinite(v));
    return vals.length ? Math.min(...vals) : null;
  }

  function setState(s) {
    state.live = s.live;
    $("root").textContent = s.root;
    state.runs.clear();
    for (const r of s.runs) state.runs.set(r.name, r);
    if (state.shown.size === 0) {
      const names = [...state.runs.keys()];
      names.slice(-6).forEach(n => state.shown.add(n));
    }
    state.batches = s.batches || [];
    state.latest = state.batches.length ? state.batches[state.batches.length - 1] : null;
    state.stopping = !!s.stopping;
    $("live").hidden = !state.live;
    render();
  }

  function render() {
    renderRuns();
    renderEpochChart();
    renderSamples();
    if (state.live) renderLive();
  }

  function renderRuns() {
    const body = $("runs").tBodies[0];
    body.textContent = "";
    $("no-runs").hidden = state.runs.size > 0;
    for (const run of state.runs.values()) {
      const tr = body.insertRow();
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = state.shown.has(run.name);
      box.setAttribute("aria-label", "show " + run.name);
      box.addEventListener("change", () => { box.checked ? state.shown.add(run.name) : state.shown.delete(run.name); renderEpochChart(); renderSamples(); });
      tr.insertCell().append(box);
      tr.insertCell().textContent = run.name;
      tr.insertCell().textContent = run.status;
      tr.insertCell().textContent = fmt(bestValid(run));
    }
  }

  function shownRuns() { return [...state.runs.values()].filter(r => state.shown.has(r.name)); }

  function renderEpochChart() {
    const runs = shownRuns();
    const el = $("epoch-chart");
    const axis = runs.length && runs.every(r => r.progress === "step") ? "step" : "epoch";
    const xs = [...new Set(runs.flatMap(r => r.metrics.map(m => m[r.progress])))].filter(v => typeof v === "number").sort((a, b) => a - b);
    const several = runs.length > 1;
    const series = [], columns = [xs];
    let points = 0;
    runs.forEach((run, i) => {
      const color = Charts.PALETTE[i % Charts.PALETTE.length];
      const byX = new Map(run.metrics.map(m => [m[run.progress], m]));
      const curves = [
        { key: run.train_key, label: (several ? run.name + " " : "") + "train ppl", color: several ? color : Charts.PALETTE[0], dash: several ? [6, 4] : undefined },
        { key: "valid_ppl", label: (several ? run.name + " " : "") + "valid ppl", color: several ? color : Charts.PALETTE[1] },
        { key: "lr", label: (several ? run.name + " " : "") + "lr", color: several ? color : "#777", dash: [2, 3], scale: "lr" },
      ];
      for (const c of curves) {
        series.push({ label: c.label, color: c.color, dash: c.dash, scale: c.scale });
        columns.push(xs.map(x => { const v = byX.get(x) && byX.get(x)[c.key]; return typeof v === "number" && isFinite(v) ? v : null; }));
      }
      points += run.metrics.length;
    });
    el.dataset.points = String(points);
    el.dataset.runs = String(runs.length);
    if (!runs.length) { el.textContent = "No run is shown: tick one in the list below."; return; }
    const logY = columns.slice(1).some((col, i) => series[i].scale !== "lr" && Math.max(...col.filter(v => v !== null)) > 10 * Math.min(...col.filter(v => v !== null)));
    Charts.draw(el, { x: axis, series, logY, yLabel: "perplexity", lrLabel: "learning rate" }, columns);
  }

  function renderSamples() {
    const box = $("samples");
    box.textContent = "";
    for (const run of shownRuns()) {
      const line = [...run.metrics].reverse().find(m => m.sample || m.samples);
      if (!line) continue;
      const title = document.createElement("p");
      title.className = "muted";
      title.textContent = run.name + ", after " + run.progress + " " + line[run.progress];
      const pre = document.createElement("pre");
      pre.textContent = line.sample || line.samples.join("\n");
      box.append(title, pre);
    }
    if (!box.childElementCount) box.innerHTML = '<p class="muted">No sample yet.</p>';
  }

  function renderLive() {
    const p = state.latest;
    const stats = p ? [
      ["epoch", p.epoch], ["batch", p.batch + " / " + p.epoch_size], ["lr", fmt(p.lr, 4)], ["loss", fmt(p.loss, 3)],
      ["running ppl", fmt(p.ppl)], ["words/s", fmt(p.words_per_second, 0)], ["epoch ETA", duration(p.epoch_eta_seconds)], ["ETA", duration(p.eta_seconds)],
    ] : [["status", "waiting for the first batch"]];
    const dl = $("live-stats");
    dl.textContent = "";
    for (const [k, v] of stats) {
      const d = document.createElement("div"), dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = k; dd.textContent = v; dd.dataset.stat = k;
      d.append(dt, dd); dl.append(d);
    }
    const stop = $("stop");
    stop.disabled = state.stopping;
    stop.textContent = state.stopping ? "Stopping…" : "Stop training";
    const b = state.batches;
    const el = $("batch-chart");
    el.dataset.points = String(b.length);
    if (b.length) Charts.draw(el, { x: "update", series: [{ label: "running ppl", color: Charts.PALETTE[0] }], logY: false, yLabel: "perplexity", noPoints: true },
      [b.map(p => p.step), b.map(p => p.ppl)]);
  }

  $("stop").addEventListener("click", async () => {
    state.stopping = true;
    renderLive();
    const r = await fetch("/api/stop", { method: "POST" });
    if (!r.ok) $("connection").textContent = "the stop was refused (" + r.status + ")";
  });

  const events = new EventSource("/api/events");
  events.addEventListener("open", () => { $("connection").textContent = "live"; });
  events.addEventListener("error", () => { $("connection").textContent = "disconnected; retrying…"; });
  events.addEventListener("state", e => setState(JSON.parse(e.data)));
  events.addEventListener("run", e => {
    const run = JSON.parse(e.data);
    if (!state.runs.has(run.name) && state.shown.size < 6) state.shown.add(run.name);
    state.runs.set(run.name, run);
    render();
  });
  events.addEventListener("batch", e => {
    const p = JSON.parse(e.data);
    state.batches.push(p);
    if (state.batches.length > 8192) state.batches = state.batches.filter((_, i) => i % 2 === 0);
    state.latest = p;
    renderLive();
  });
  events.addEventListener("stopping", () => { state.stopping = true; renderLive(); });
  events.addEventListener("end", () => {
    events.close();
    $("connection").textContent = "the dashboard's server has stopped; this page no longer updates";
    $("stop").disabled = true;
  });
})();
