// Line charts on uPlot (bundled in the jar): one chart per element, rebuilt when its series change,
// resized with its element.
"use strict";
const Charts = (() => {
  const PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
  const charts = new Map();

  function width(el) { return Math.max(240, el.clientWidth || el.parentElement.clientWidth - 20); }
  function height(el) { return Math.round(Math.min(360, Math.max(200, width(el) * 0.45))); }

  // spec: {x: label, series: [{label, color, dash, scale: "y"|"lr"}], logY, yLabel, lrLabel}; data: uPlot's columns
  function draw(el, spec, data) {
    const key = JSON.stringify(spec);
    const old = charts.get(el);
    if (old && old.key === key) { old.plot.setData(data); return old.plot; }
    if (old) old.plot.destroy();
    const hasLr = spec.series.some(s => s.scale === "lr");
    const opts = {
      width: width(el), height: height(el),
      scales: { x: { time: false }, y: spec.logY ? { distr: 3 } : {}, lr: {} },
      legend: { live: true },
      series: [{ label: spec.x }].concat(spec.series.map(s => ({
        label: s.label, stroke: s.color, width: s.scale === "lr" ? 1 : 2, dash: s.dash, scale: s.scale || "y",
        spanGaps: true, points: { show: s.scale !== "lr" && !spec.noPoints, size: 5 },
      }))),
      axes: [{ label: spec.x }, { scale: "y", label: spec.yLabel, size: 60 }]
        .concat(hasLr ? [{ scale: "lr", side: 1, label: spec.lrLabel || "lr", grid: { show: false }, size: 60 }] : []),
    };
    el.textContent = "";
    const plot = new uPlot(opts, data, el);
    charts.set(el, { key, plot });
    return plot;
  }

  window.addEventListener("resize", () => {
    for (const [el, c] of charts) c.plot.setSize({ width: width(el), height: height(el) });
  });

  return { draw, PALETTE };
})();
