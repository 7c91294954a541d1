/* citygraph's time control: replays a drawing's network year by year, in the browser.
 * A hook of the drawing script (window.citygraphHooks) for drawings whose data has a
 * "timeline" (graph/read/analysis/periods.py; the years of each node and relation are on
 * it, "years" and "year"): a play button and a range of years under
 * the drawing's bar. A node shows from the year of its first dated event while it was
 * active in the period; a relation once both ends show (a tie: from the cities' first
 * meeting). Positions never change: nodes are only shown and hidden. Nodes known only
 * from undated events are left out while a period is shown, and the control says so.
 * window.citygraph.timeline = {steps: [labels], step(i), period()}; step(i) shows the
 * network up to steps[i], at once. Stopping tells the host the period ("2016-2019"). */
(function () {
  "use strict";
  var PLAY_MS = 800;  // per year while playing

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function timelineHook(handle, data, root, host) {
    var t = data.timeline;
    if (!t) { return; }
    host = host || {};
    var network = handle.network, nodes = handle.nodes, edges = handle.edges;
    var years = t.years, n = years.length;
    var bar = el("div");
    bar.id = "cg-timeline";
    bar.style.cssText = "display:flex;flex-wrap:wrap;gap:.3em .8em;align-items:center;" +
      "padding:.25em .6em;border-bottom:1px solid #ddd";
    var play = el("button", "cg-button", "\u25B6 play");
    play.type = "button";
    play.id = "cg-play";
    var from = el("input"), to = el("input");
    from.type = to.type = "range";
    from.id = "cg-from"; to.id = "cg-to";
    from.min = to.min = "0";
    from.max = to.max = String(Math.max(n - 1, 0));
    from.value = "0";
    to.value = String(Math.max(n - 1, 0));
    from.setAttribute("aria-label", "first year");
    to.setAttribute("aria-label", "last year");
    var label = el("span", "cg-period");
    var note = el("span", "cg-hint");
    [play, from, to, label, note].forEach(function (x) { bar.appendChild(x); });
    var box = root.querySelector("#cg-network");
    root.insertBefore(bar, box);
    network.setSize("100%", "100%");  // the bar took room: measure and fit what is left
    network.fit({ animation: false, maxZoomLevel: data.maxZoom || 1 });
    if (handle.relabel) { handle.relabel(); }  // labels are sized for the zoom they are drawn at
    if (t.reason || !n) {
      play.disabled = from.disabled = to.disabled = true;
      label.textContent = "Time: " + (t.reason || "no dated events");
      handle.timeline = { steps: [], step: function () {}, period: function () { return null; } };
      return;
    }
    if (t.undated) {
      note.textContent = t.undated + (t.undated === 1 ? " undated event" : " undated events") +
        " (and what only they connect) left out while a period is shown";
    }

    // A step is one batch: the nodes whose visibility changes in one DataSet update, and
    // one frame. A relation with a hidden end is not drawn by vis-network, so only those
    // with a year of their own (a tie's first meeting) are ever changed: on vis-network's
    // own relation objects (9.1.2, bundled by pyvis), whose visibility pass the nodes'
    // update runs anyway; a DataSet update of them would run that O(nodes + relations)
    // pass a second time (40 ms at 4,281 cities and 11,576 ties). vis-network's redraws are
    // held during the update (each DataSet update painted a full frame: three per step
    // before) and the labels' frame is the one.
    var span = {};  // node id -> [first year, last year] (graph/ui/time_control.py)
    var allNodes = [];
    nodes.get({ fields: ["id", "years"] }).forEach(function (n) {
      allNodes.push(n.id);
      if (n.years) { span[n.id] = n.years; }
    });
    var dated = [];  // [edge id, year] of relations appearing after both their ends
    edges.get({ fields: ["id", "from", "to", "year"] }).forEach(function (e) {
      var a = span[e.from], b = span[e.to];
      if (e.year !== undefined && (!a || !b || e.year > Math.max(a[0], b[0]))) {
        dated.push([e.id, e.year]);
      }
    });
    var hidden = handle.hidden || (handle.hidden = {});
    var shown = null;  // [first, last] index, or null: everything, undated included
    var edgeHidden = {};
    var emitter = network.body && network.body.emitter;
    var own = network.body && network.body.edges;  // vis-network's relation objects, by id

    function batched(change) {
      if (!emitter) { change(); return; }
      emitter.emit("_blockRedraw");
      try { change(); } finally { emitter.emit("_allowRedraw"); }
    }
    function changed(nodeChanges, edgeChanges) {
      if (!emitter || !own) {  // another vis-network: its public updates, one by one
        if (nodeChanges.length) { nodes.update(nodeChanges); }
        if (edgeChanges.length) { edges.update(edgeChanges); }
        return;
      }
      edgeChanges.forEach(function (c) {
        if (own[c.id]) { own[c.id].options.hidden = c.hidden; }
      });
      if (nodeChanges.length) {
        nodes.update(nodeChanges);
      } else if (edgeChanges.length) {
        emitter.emit("_dataChanged");  // the visibility pass, for the relations alone
      }
    }

    function apply(lo, hi) {
      var a = years[lo], b = years[hi];
      var nodeChanges = [], edgeChanges = [];
      for (var i = 0; i < allNodes.length; i++) {
        var id = allNodes[i], s = span[id];
        var hide = !s || s[0] > b || s[1] < a;
        if (hide !== (hidden[id] === true)) {
          nodeChanges.push({ id: id, hidden: hide });
          if (hide) { hidden[id] = true; } else { delete hidden[id]; }
        }
      }
      for (var k = 0; k < dated.length; k++) {
        var edgeId = dated[k][0], later = dated[k][1] > b;
        if (later !== (edgeHidden[edgeId] === true)) {
          edgeChanges.push({ id: edgeId, hidden: later });
          if (later) { edgeHidden[edgeId] = true; } else { delete edgeHidden[edgeId]; }
        }
      }
      batched(function () { changed(nodeChanges, edgeChanges); });
      shown = [lo, hi];
      from.value = String(lo);
      to.value = String(hi);
      label.textContent = text();
      if (handle.relabel) { handle.relabel(); } else { network.redraw(); }
    }
    function text() {
      if (!shown) { return "All years (" + years[0] + "\u2013" + years[n - 1] + ")"; }
      var a = years[shown[0]], b = years[shown[1]];
      return a === b ? String(a) : a + "\u2013" + b;
    }
    function periodText() {
      return shown ? years[shown[0]] + "-" + years[shown[1]] : null;
    }

    // The period is part of the picture (and of its PNG): top left, over the drawing.
    network.on("afterDrawing", function (ctx) {
      if (!shown) { return; }
      var canvas = ctx.canvas, ratio = canvas.width / Math.max(canvas.clientWidth, 1);
      ctx.save();
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.font = "600 " + Math.round(data.textPx * 1.6) + "px arial";
      ctx.textBaseline = "top";
      ctx.lineWidth = 4;
      ctx.strokeStyle = "#ffffff";
      ctx.fillStyle = "#333333";
      ctx.strokeText(text(), 12, 10);
      ctx.fillText(text(), 12, 10);
      ctx.restore();
    });

    var timer = null;
    function stop(tell) {
      if (timer) { clearInterval(timer); timer = null; }
      play.textContent = "\u25B6 play";
      if (tell && host.period && shown) { host.period(periodText()); }
    }
    function start() {
      var lo = Number(from.value), hi = Number(to.value);
      if (hi >= n - 1 || (shown && hi >= Number(to.max))) { hi = lo; } else { hi += 1; }
      apply(lo, hi);
      play.textContent = "\u275A\u275A pause";
      timer = setInterval(function () {
        var next = shown[1] + 1;
        if (next > n - 1) { stop(true); return; }
        apply(shown[0], next);
      }, PLAY_MS);
    }
    play.addEventListener("click", function () {
      if (timer) { stop(true); } else { start(); }
    });
    function moved(which) {
      stop(false);
      var lo = Number(from.value), hi = Number(to.value);
      if (lo > hi) { if (which === from) { hi = lo; } else { lo = hi; } }
      apply(lo, hi);
      if (host.period) { host.period(periodText()); }
    }
    from.addEventListener("change", function () { moved(from); });
    to.addEventListener("change", function () { moved(to); });

    function show(period) {  // "2016-2019", or null for every year (undated included)
      stop(false);
      if (!period) {
        if (shown) { apply(0, n - 1); }
        return;
      }
      var parts = String(period).split("-").map(Number);
      var lo = years.indexOf(parts[0]), hi = years.indexOf(parts[1] || parts[0]);
      if (lo < 0) { lo = 0; }
      if (hi < 0) { hi = n - 1; }
      apply(Math.min(lo, hi), Math.max(lo, hi));
    }
    label.textContent = text();
    handle.timeline = {
      steps: years.map(String),
      step: function (i) {
        stop(false);
        var lo = shown ? shown[0] : 0;
        apply(Math.min(lo, i), Math.max(0, Math.min(i, n - 1)));
      },
      show: show,
      period: periodText,
      playing: function () { return !!timer; }
    };
    if (t.period) { show(t.period); }
  }

  window.citygraphHooks = window.citygraphHooks || [];
  window.citygraphHooks.push(timelineHook);
})();
