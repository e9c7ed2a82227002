// Spate web UI: polls the read-only JSON API and draws the Structured Streaming statistics as SVG.
// Served as a separate file so the Content-Security-Policy can forbid inline script. Builds the DOM with
// createElement/textContent only: no markup is ever parsed from data.
(function () {
  "use strict";
  var body = document.body;
  var tokenQuery = body.dataset.tokenQuery || "";
  var SVG = "http://www.w3.org/2000/svg";
  var COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];

  function api(path) {
    return fetch(path + tokenQuery, { cache: "no-store", credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(path + ": HTTP " + r.status);
      return r.json();
    });
  }

  function el(name, cls, text) {
    var e = document.createElement(name);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function svg(name, attrs, text) {
    var e = document.createElementNS(SVG, name);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, String(attrs[k]));
    if (text !== undefined) e.textContent = String(text);
    return e;
  }

  function fmtNumber(v) {
    if (v === null || v === undefined || !isFinite(v)) return "NaN";
    var a = Math.abs(v);
    if (a >= 1e9) return (v / 1e9).toFixed(1) + "G";
    if (a >= 1e6) return (v / 1e6).toFixed(1) + "M";
    if (a >= 1e4) return (v / 1e3).toFixed(1) + "k";
    if (a === Math.round(a)) return String(v);
    return v.toFixed(2);
  }

  function fmtTime(ms) {
    var d = new Date(ms);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return two(d.getUTCHours()) + ":" + two(d.getUTCMinutes()) + ":" + two(d.getUTCSeconds());
  }

  function fmtDuration(ms) {
    if (ms < 1000) return Math.floor(ms) + " ms";
    if (ms < 60000) return Math.floor(ms / 1000) + " s";
    if (ms < 3600000) return (ms / 60000).toFixed(1) + " min";
    return (ms / 3600000).toFixed(1) + " h";
  }

  // A timeline chart: one polyline (plus a dot per batch) per series, y from 0 to the largest value.
  function drawChart(figure, series) {
    var plot = figure.querySelector(".plot");
    var W = 440, H = 170, L = 48, R = 12, T = 14, B = 28;
    var root = svg("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img", "class": "chart-svg" });
    var points = [];
    series.forEach(function (s) { s.points.forEach(function (p) { points.push(p); }); });
    root.appendChild(svg("line", { x1: L, y1: H - B, x2: W - R, y2: H - B, "class": "axis" }));
    root.appendChild(svg("line", { x1: L, y1: T, x2: L, y2: H - B, "class": "axis" }));
    if (points.length === 0) {
      root.appendChild(svg("text", { x: (L + W - R) / 2, y: (T + H - B) / 2, "text-anchor": "middle", "class": "no-data" }, "No data"));
      plot.replaceChildren(root);
      figure.dataset.points = "0";
      return;
    }
    var xMin = Infinity, xMax = -Infinity, yMax = 0;
    points.forEach(function (p) {
      xMin = Math.min(xMin, p[0]); xMax = Math.max(xMax, p[0]);
      if (isFinite(p[1])) yMax = Math.max(yMax, p[1]);
    });
    if (yMax <= 0) yMax = 1;
    var xSpan = xMax - xMin;
    function x(v) { return xSpan === 0 ? (L + W - R) / 2 : L + (v - xMin) / xSpan * (W - L - R); }
    function y(v) { return H - B - v / yMax * (H - T - B); }
    [0, 0.5, 1].forEach(function (f) {
      var yy = y(yMax * f);
      if (f > 0) root.appendChild(svg("line", { x1: L, y1: yy, x2: W - R, y2: yy, "class": "grid" }));
      root.appendChild(svg("text", { x: L - 4, y: yy + 4, "text-anchor": "end", "class": "tick" }, fmtNumber(yMax * f)));
    });
    root.appendChild(svg("text", { x: L, y: H - 8, "text-anchor": "start", "class": "tick" }, fmtTime(xMin)));
    if (xSpan > 0) root.appendChild(svg("text", { x: W - R, y: H - 8, "text-anchor": "end", "class": "tick" }, fmtTime(xMax)));
    series.forEach(function (s, i) {
      var color = s.color || COLORS[i % COLORS.length];
      var finite = s.points.filter(function (p) { return isFinite(p[1]); });
      if (finite.length > 1)
        root.appendChild(svg("polyline", {
          points: finite.map(function (p) { return x(p[0]).toFixed(1) + "," + y(p[1]).toFixed(1); }).join(" "),
          fill: "none", stroke: color, "stroke-width": 1.5, "class": "series"
        }));
      finite.forEach(function (p) {
        var dot = svg("circle", { cx: x(p[0]).toFixed(1), cy: y(p[1]).toFixed(1), r: 2.5, fill: color, "class": "point" });
        dot.appendChild(svg("title", {}, (s.name ? s.name + ": " : "") + fmtNumber(p[1]) + " at " + fmtTime(p[0])));
        root.appendChild(dot);
      });
    });
    if (series.length > 1) {
      var lx = L + 6;
      series.forEach(function (s, i) {
        var color = s.color || COLORS[i % COLORS.length];
        root.appendChild(svg("rect", { x: lx, y: 2, width: 8, height: 8, fill: color }));
        var label = svg("text", { x: lx + 11, y: 10, "class": "legend" }, s.name);
        root.appendChild(label);
        lx += 16 + s.name.length * 6;
      });
    } else if (points.length > 0) {
      var last = series[0].points[series[0].points.length - 1];
      root.appendChild(svg("text", { x: W - R, y: 10, "text-anchor": "end", "class": "latest" }, "latest: " + fmtNumber(last[1])));
    }
    plot.replaceChildren(root);
    figure.dataset.points = String(points.length);
  }

  function sum(list, f) { return list.reduce(function (a, v) { return a + (f(v) || 0); }, 0); }

  function drawAll(progress) {
    var t = progress.map(function (p) { return Date.parse(p.timestamp); });
    function one(id, name, f) {
      var fig = document.getElementById(id);
      if (fig) drawChart(fig, [{ name: name, points: progress.map(function (p, i) { var v = f(p); return [t[i], v === undefined ? NaN : v]; }) }]);
    }
    function many(id, defs) {
      var fig = document.getElementById(id);
      if (!fig) return;
      drawChart(fig, defs.map(function (d) {
        return { name: d[0], points: progress.map(function (p, i) { var v = d[1](p); return [t[i], v === undefined ? NaN : v]; }) };
      }));
    }
    one("chart-input-rate", "input rate", function (p) { return p.inputRowsPerSecond; });
    one("chart-process-rate", "process rate", function (p) { return p.processedRowsPerSecond; });
    one("chart-input-rows", "input rows", function (p) { return p.numInputRows; });
    one("chart-batch-duration", "batch duration", function (p) { return p.batchDuration; });
    many("chart-operation-duration", ["addBatch", "getBatch", "latestOffset", "queryPlanning", "walCommit"].map(function (op) {
      return [op, function (p) { return p.durationMs ? p.durationMs[op] : undefined; }];
    }));
    var withWatermark = progress.filter(function (p) { return p.eventTime && p.eventTime.watermark; });
    var gapFig = document.getElementById("chart-watermark-gap");
    if (gapFig) drawChart(gapFig, [{ name: "gap", points: withWatermark.map(function (p) {
      var ts = Date.parse(p.timestamp);
      return [ts, (ts - Date.parse(p.eventTime.watermark)) / 1000];
    }) }]);
    var withState = progress.filter(function (p) { return p.stateOperators && p.stateOperators.length > 0; });
    var ts2 = withState.map(function (p) { return Date.parse(p.timestamp); });
    var stateFig = document.getElementById("chart-state-rows");
    if (stateFig) drawChart(stateFig, [
      ["total", "numRowsTotal"], ["updated", "numRowsUpdated"], ["dropped by watermark", "numRowsDroppedByWatermark"]
    ].map(function (d) {
      return { name: d[0], points: withState.map(function (p, i) { return [ts2[i], sum(p.stateOperators, function (o) { return o[d[1]]; })]; }) };
    }));
    var memFig = document.getElementById("chart-state-memory");
    if (memFig) drawChart(memFig, [{ name: "memory", points: withState.map(function (p, i) {
      return [ts2[i], sum(p.stateOperators, function (o) { return o.memoryUsedBytes; })];
    }) }]);
  }

  function renderResult(result) {
    var table = document.getElementById("result-table");
    var note = document.getElementById("result-note");
    if (!table || !note) return;
    var thead = table.tHead, tbody = table.tBodies[0];
    if (!result.available) {
      note.textContent = result.reason;
      thead.replaceChildren();
      tbody.replaceChildren();
      return;
    }
    var what = result.completeTable ? "Complete mode: the whole result table" : result.outputMode + " mode: the rows of the latest batch";
    note.textContent = what + (result.batchId === null ? " (no batch yet)." : " (batch " + result.batchId + ", " + result.numRows + " rows" +
      (result.truncated ? ", first " + result.rows.length + " shown" : "") + ").");
    var head = el("tr");
    result.schema.forEach(function (f) {
      var th = el("th", null, f.name);
      th.title = f.type;
      head.appendChild(th);
    });
    thead.replaceChildren(head);
    var rows = result.rows.map(function (r) {
      var tr = el("tr");
      r.forEach(function (v) { tr.appendChild(v === null ? el("td", "null", "null") : el("td", null, v)); });
      return tr;
    });
    tbody.replaceChildren.apply(tbody, rows);
  }

  function setText(id, text) {
    var e = document.getElementById(id);
    if (e && e.textContent !== text) e.textContent = text;
  }

  function queryPage() {
    var runId = body.dataset.runId;
    var base = "/api/v1/streaming/queries/" + encodeURIComponent(runId);
    var shownBatch = null, resultLoaded = false, stopped = false;
    function tick() {
      Promise.all([api(base), api(base + "/progress")]).then(function (got) {
        var detail = got[0], progress = got[1];
        var state = document.getElementById("query-state");
        if (state) { state.textContent = detail.status; state.className = "status status-" + detail.status.toLowerCase(); }
        setText("status-message", detail.queryStatus ? detail.queryStatus.message : "");
        setText("query-duration", fmtDuration(detail.durationMs));
        var err = document.getElementById("query-error");
        if (err) { err.textContent = detail.exception || ""; err.classList.toggle("hidden", !detail.exception); }
        drawAll(progress);
        var latest = detail.latestBatchId === null || detail.latestBatchId === undefined ? "-" : String(detail.latestBatchId);
        setText("latest-batch", latest);
        body.dataset.polls = String((parseInt(body.dataset.polls || "0", 10) + 1));
        if (latest !== shownBatch || !resultLoaded) {
          return api(base + "/result").then(function (result) {
            renderResult(result);
            shownBatch = latest;
            resultLoaded = true;
          });
        }
        if (!detail.isActive) stopped = true;
      }).catch(function (e) {
        setText("status-message", "UI update failed: " + e.message);
      }).then(function () {
        if (!stopped) setTimeout(tick, 1000);
      });
    }
    tick();
  }

  function queriesPage() {
    function row(q, withError) {
      var tr = el("tr");
      var a = el("a", null, q.name === null ? "<no name>" : q.name);
      a.href = "/StreamingQuery/statistics/?id=" + encodeURIComponent(q.runId) + (tokenQuery ? "&" + tokenQuery.substring(1) : "");
      var name = el("td"); name.appendChild(a); tr.appendChild(name);
      tr.appendChild(el("td", "status status-" + q.status.toLowerCase(), q.status));
      tr.appendChild(el("td", "mono", q.id));
      tr.appendChild(el("td", "mono", q.runId));
      tr.appendChild(el("td", null, q.startTimestamp.replace("T", " ").replace(/\.\d+Z$/, " UTC").replace(/-/g, "/")));
      tr.appendChild(el("td", null, fmtDuration(q.durationMs)));
      tr.appendChild(el("td", "num", q.avgInputRowsPerSecond === undefined ? "NaN" : q.avgInputRowsPerSecond.toFixed(2)));
      tr.appendChild(el("td", "num", q.avgProcessedRowsPerSecond === undefined ? "NaN" : q.avgProcessedRowsPerSecond.toFixed(2)));
      tr.appendChild(el("td", "num", q.latestBatchId === null ? "" : q.latestBatchId));
      if (withError) tr.appendChild(el("td", "error-text", q.exception || ""));
      return tr;
    }
    function fill(id, list, withError) {
      var table = document.getElementById(id);
      if (!table) return;
      var rows = list.map(function (q) { return row(q, withError); });
      if (rows.length === 0) {
        var tr = el("tr", "empty"), td = el("td", null, "No queries.");
        td.colSpan = withError ? 10 : 9; tr.appendChild(td); rows.push(tr);
      }
      table.tBodies[0].replaceChildren.apply(table.tBodies[0], rows);
    }
    function tick() {
      api("/api/v1/streaming/queries").then(function (list) {
        var active = list.filter(function (q) { return q.isActive; });
        var done = list.filter(function (q) { return !q.isActive; });
        fill("active-queries", active, false);
        fill("completed-queries", done, true);
        setText("active-count", String(active.length));
        setText("completed-count", String(done.length));
      }).catch(function () { }).then(function () { setTimeout(tick, 2000); });
    }
    setTimeout(tick, 2000);
  }

  if (body.dataset.page === "query") queryPage();
  else if (body.dataset.page === "queries") queriesPage();
})();
