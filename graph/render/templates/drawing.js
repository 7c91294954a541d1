/* citygraph's drawing: one vis-network with a legend, zoom buttons, labels placed where
 * they fit, neighbours highlighted on click. Shared by the standalone page (network.html)
 * and the dashboard's component (graph/ui/network_component). Loaded text only ever
 * reaches the DOM through textContent. */
(function () {
  "use strict";
  var SYMBOL = { dot: "\u25CF", diamond: "\u25C6", square: "\u25A0", triangle: "\u25B2",
                 triangleDown: "\u25BC", hexagon: "\u2B22", star: "\u2605" };
  var MAX_LABELS = 400;       // labels drawn at once, whatever the zoom
  var HUBS = 10;              // the best-connected nodes labelled before the rest (or 2 %)
  var MOVED_MS = 400;         // the view is reported this long after it stopped moving
  var DIM = { background: "#ececec", border: "#d8d8d8" };
  var FONT_FACE = "arial";    // vis-network's default face: labels are measured in it
  var EDGE_LABEL_SHARE = 0.85; // a relation's name, to a node's label size

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function button(label, title) {
    var b = el("button", "cg-button", label);
    b.type = "button";
    b.title = title;
    return b;
  }

  function draw(root, data, host) {
    host = host || {};
    root.textContent = "";
    root.classList.add("cg-root");
    root.style.setProperty("--cg-text", data.textPx + "px");

    var bar = el("div");
    bar.id = "cg-bar";
    bar.appendChild(el("h1", null, data.title));
    var legend = el("div");
    legend.id = "cg-legend";
    legend.setAttribute("aria-label", "legend");
    data.legend.forEach(function (entry) {
      var item = el("span");
      var mark = el("span", "cg-mark", SYMBOL[entry.shape] || SYMBOL.dot);
      mark.style.color = entry.color;
      item.appendChild(mark);
      item.appendChild(document.createTextNode(entry.text));
      legend.appendChild(item);
    });
    bar.appendChild(legend);
    var tools = el("div");
    tools.id = "cg-tools";
    var zoomOut = button("\u2212", "zoom out");
    var zoomIn = button("+", "zoom in");
    var whole = button("whole network", "show the whole network");
    zoomOut.id = "cg-zoom-out"; zoomIn.id = "cg-zoom-in"; whole.id = "cg-fit";
    tools.appendChild(el("span", "cg-hint", "Ctrl/\u2318 + wheel zooms"));
    [zoomOut, zoomIn, whole].forEach(function (b) { tools.appendChild(b); });
    var physicsLabel = el("label");
    var physics = el("input");
    physics.type = "checkbox";
    physics.id = "cg-physics";
    physics.checked = !!data.physics;
    physicsLabel.appendChild(physics);
    physicsLabel.appendChild(document.createTextNode(" physics"));
    tools.appendChild(physicsLabel);
    var png = button("download PNG", "the drawing as a picture");
    png.id = "cg-png";
    tools.appendChild(png);
    bar.appendChild(tools);
    root.appendChild(bar);
    var box = el("div");
    box.id = "cg-network";
    root.appendChild(box);

    var caption = {}, size = {}, colour = {}, order = [];
    data.nodes.forEach(function (n) {
      caption[n.id] = n.caption;
      size[n.id] = n.size;
      colour[n.id] = n.color;
      order.push(n.id);
      // Tooltips stay text: vis-network (9.1.2) shows a text title with innerText, never
      // parsed as HTML, and makes its element only on hover (an element per node and
      // relation made up front was 25,000 at 5,000 nodes, and a sixth of the first frame
      // went to collecting them).
      if (n.title) { n.title = String(n.title); }
      n.label = "";  // drawing.js decides which labels fit (relabel)
    });
    order.sort(function (a, b) { return size[b] - size[a] || (String(a) < String(b) ? -1 : 1); });
    var edgeCaption = {};  // relations named on the drawing (a trail's topic), by id
    data.edges.forEach(function (e, i) {
      if (e.title) { e.title = String(e.title); } else { delete e.title; }
      if (e.caption) {
        if (e.id === undefined) { e.id = "cg-edge-" + i; }
        edgeCaption[e.id] = String(e.caption);
        delete e.caption;
      }
    });

    var nodes = new vis.DataSet(data.nodes);
    var edges = new vis.DataSet(data.edges);
    var network = new vis.Network(box, { nodes: nodes, edges: edges }, data.options);
    var handle = { network: network, nodes: nodes, edges: edges, firstFrame: null,
                   labelled: [], selected: null, highlighted: [], hidden: {} };
    window.citygraph = handle;

    var measure = document.createElement("canvas").getContext("2d");
    measure.font = "100px " + FONT_FACE;  // widths scale with the size
    var placed = [];       // the labels drawn: {id, text, dy, dx (canvas units from the node)}
    var placedFont = 0;    // their font size, canvas units
    var placedEdges = [];  // the relations' names drawn: {id, text, width (canvas units)}
    var attention = {};    // what the eye is on: the selection and its neighbours, search
                           // hits, a path; labelled first, never dropped
    var hubs = {};         // the best-connected nodes: labelled next, shortened if need be
    order.slice(0, Math.min(Math.max(HUBS, Math.ceil(order.length * 0.02)), 50))
      .forEach(function (id) { hubs[id] = true; });

    function shortened(text) {
      var forms = [text];
      [16, 10].forEach(function (n) {
        if (text.length > n + 1) { forms.push(text.slice(0, n).replace(/\s+$/, "") + "\u2026"); }
      });
      return forms;
    }

    // Labels: a fixed size on screen; first the nodes the eye is on, then the hubs, then
    // the rest by size; a label only where it covers no other label and no other node (a
    // label the eye is on, or a hub's, may cover a much smaller node, and is shortened
    // before it is dropped); never past the canvas edge; the rest appear as one zooms in.
    // They are drawn by drawLabels on top of vis-network's frame (vis-network draws
    // none): a label change costs one frame, where updating vis-network's labels
    // re-measures every node changed.
    function relabel() {
      var scale = network.getScale();
      var font = data.labelPx / scale;  // canvas units that look labelPx tall
      var pos = network.getPositions();
      var view = network.DOMtoCanvas({ x: 0, y: 0 });
      var far = network.DOMtoCanvas({ x: box.clientWidth, y: box.clientHeight });
      var edge = 4 / scale;
      var inside = [view.x + edge, view.y + edge, far.x - edge, far.y - edge];
      var cell = font * 8;
      var grid = new Map();
      function cells(b, visit) {
        for (var i = Math.floor(b[0] / cell); i <= Math.floor(b[2] / cell); i++) {
          for (var j = Math.floor(b[1] / cell); j <= Math.floor(b[3] / cell); j++) {
            if (visit(i + ":" + j) === true) { return true; }
          }
        }
        return false;
      }
      function add(b, owner) {
        cells(b, function (k) {
          var list = grid.get(k);
          if (!list) { list = []; grid.set(k, list); }
          list.push([b, owner]);
        });
      }
      // Whether box b (of ``owner``'s label) hits a label, or a node it may not cover.
      function hits(b, owner, covers) {
        return cells(b, function (k) {
          var list = grid.get(k) || [];
          for (var n = 0; n < list.length; n++) {
            var o = list[n][0], other = list[n][1];
            if (other === owner || !(o[0] < b[2] && b[0] < o[2] && o[1] < b[3] && b[1] < o[3])) {
              continue;
            }
            if (typeof other === "string" && other.charAt(0) === "\u0000") { return true; }
            if (!covers(other)) { return true; }
          }
          return false;
        });
      }
      var hidden = handle.hidden;  // nodes a hook hides (the time control): no label, no room
      order.forEach(function (id) {
        var p = pos[id], r = size[id];
        if (p && !hidden[id]) { add([p.x - r, p.y - r, p.x + r, p.y + r], id); }
      });
      function visible(id) {
        var p = pos[id];
        return p && !hidden[id] && p.x >= inside[0] && p.x <= inside[2] && p.y >= inside[1] && p.y <= inside[3];
      }
      var first = order.filter(function (id) { return attention[id] && visible(id); });
      var second = order.filter(function (id) { return hubs[id] && !attention[id] && visible(id); });
      var rest = order.filter(function (id) { return !hubs[id] && !attention[id] && visible(id); });
      var next = [];
      var high = font * 1.15, gap = font * 0.15;
      // A label covers no other label. It covers no node either, except that a keen one
      // (what the eye is on, a hub) may cover a much smaller node, and, rather than go,
      // any smaller node (never one the eye is on); it is shortened before that.
      function place(id, keen) {
        var p = pos[id], text = caption[id], r = size[id];
        if (!p || !text || next.length >= MAX_LABELS) { return; }
        var rules = keen ? [
          function (other) { return !attention[other] && size[other] * 2 <= Math.max(r, 12); },
          function (other) { return !attention[other] && size[other] < r; }
        ] : [function () { return false; }];
        if (attention[id]) {  // what the eye is on is named, over any other node if need be
          rules.push(function (other) { return !attention[other]; });
        }
        var forms = keen ? shortened(text) : [text];
        for (var pass = 0; pass < rules.length; pass++) {
          for (var f = 0; f < forms.length; f++) {
            if (spot(id, p, r, forms[f], rules[pass], pass === 2)) { return; }
          }
        }
      }
      function spot(id, p, r, text, covers, further) {
        var w = measure.measureText(text).width * font / 100 + font * 0.3;
        // Below the shape, above it, right of it, left of it; further out when need be.
        var spots = [[0, r + font / 2 + 4], [0, -r - gap - high],
                     [r + 4 / scale + w / 2, -high / 2], [-r - 4 / scale - w / 2, -high / 2]];
        if (further) {
          [1, 2].forEach(function (n) {
            spots.push([0, r + font / 2 + 4 + n * high], [0, -r - gap - high - n * high],
                       [r + w / 2, r + n * high / 2], [-r - w / 2, r + n * high / 2],
                       [r + w / 2, -r - high - n * high / 2], [-r - w / 2, -r - high - n * high / 2]);
          });
        }
        for (var k = 0; k < spots.length; k++) {
          var cx = p.x + spots[k][0], top = p.y + spots[k][1];
          // Kept inside the canvas: moved sideways, or another place tried.
          cx += Math.max(0, inside[0] - (cx - w / 2)) - Math.max(0, cx + w / 2 - inside[2]);
          if (top - gap < inside[1] || top + high > inside[3]) { continue; }
          var b = [cx - w / 2, top - gap, cx + w / 2, top + high];
          if (!hits(b, id, covers)) {
            add(b, "\u0000" + id);
            next.push({ id: id, text: text, dy: spots[k][1], dx: cx - p.x, width: w });
            return true;
          }
        }
        return false;
      }
      first.forEach(function (id) { place(id, true); });
      second.forEach(function (id) { place(id, true); });
      rest.forEach(function (id) { place(id, false); });
      // Relations' names (a trail's topic) last, in the data's order (strongest first),
      // at the middle of their line, at a fixed size on screen; one that would cover a
      // label or a node is left out (its line's tooltip still names it).
      var nextEdges = [], edgeFont = font * EDGE_LABEL_SHARE;
      Object.keys(edgeCaption).forEach(function (id) {
        var e = network.body.edges[id];
        if (!e || !e.edgeType || hidden[e.fromId] || hidden[e.toId]) { return; }
        var m = e.edgeType.getPoint(0.5), text = edgeCaption[id];
        var w = measure.measureText(text).width * edgeFont / 100 + edgeFont * 0.3;
        var h = edgeFont * 1.15;
        var b = [m.x - w / 2, m.y - h / 2, m.x + w / 2, m.y + h / 2];
        if (b[0] < inside[0] || b[2] > inside[2] || b[1] < inside[1] || b[3] > inside[3]) {
          return;
        }
        if (hits(b, "\u0001" + id, function () { return false; })) { return; }
        add(b, "\u0000\u0001" + id);
        nextEdges.push({ id: id, text: text, width: w });
      });
      placedEdges = nextEdges;
      placed = next;
      placedFont = font;
      handle.labelled = next.map(function (l) { return l.id; });
      network.redraw();
    }
    function edgeMiddle(id) {
      var e = network.body.edges[id];
      return e && e.edgeType ? e.edgeType.getPoint(0.5) : null;
    }
    function drawLabels(ctx) {
      if ((!placed.length && !placedEdges.length) || handle.quick()) { return; }  // a quick frame has them already
      var at = network.getPositions(handle.labelled);
      var dim = handle.highlighted.length > 0;
      ctx.save();
      ctx.font = placedFont + "px " + FONT_FACE;
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      ctx.lineJoin = "round";
      ctx.lineWidth = placedFont * 0.25;
      ctx.strokeStyle = "#ffffff";
      placed.forEach(function (l) {
        var p = at[l.id];
        if (!p) { return; }
        ctx.fillStyle = (dim && !attention[l.id]) ? "#aaaaaa" : "#222222";
        ctx.strokeText(l.text, p.x + l.dx, p.y + l.dy);
        ctx.fillText(l.text, p.x + l.dx, p.y + l.dy);
      });
      if (placedEdges.length) {
        var edgeFont = placedFont * EDGE_LABEL_SHARE;
        ctx.font = edgeFont + "px " + FONT_FACE;
        ctx.textBaseline = "middle";
        ctx.lineWidth = edgeFont * 0.3;
        ctx.fillStyle = "#333333";
        placedEdges.forEach(function (l) {
          var m = edgeMiddle(l.id);
          if (!m) { return; }
          ctx.strokeText(l.text, m.x, m.y);
          ctx.fillText(l.text, m.x, m.y);
        });
      }
      ctx.restore();
    }
    network.on("afterDrawing", drawLabels);  // part of the frame a gesture's snapshot copies
    // The labels drawn, in canvas units, for tests and tools: {id, text, px (on screen), box}.
    handle.labels = function () {
      var at = network.getPositions(handle.labelled), scale = network.getScale();
      return placed.filter(function (l) { return at[l.id]; }).map(function (l) {
        var p = at[l.id];
        return { id: l.id, text: l.text, px: placedFont * scale,
                 box: { left: p.x + l.dx - l.width / 2, top: p.y + l.dy, width: l.width,
                        height: placedFont * 1.15 } };
      });
    };
    // The relations' names drawn, likewise: {id, text, px (on screen), box}.
    handle.edgeLabels = function () {
      var scale = network.getScale(), font = placedFont * EDGE_LABEL_SHARE;
      return placedEdges.map(function (l) {
        var m = edgeMiddle(l.id);
        return m && { id: l.id, text: l.text, px: font * scale,
                      box: { left: m.x - l.width / 2, top: m.y - font * 0.575, width: l.width,
                             height: font * 1.15 } };
      }).filter(Boolean);
    };
    var pending = null;
    function relabelSoon() {
      if (pending) { clearTimeout(pending); }
      pending = setTimeout(function () { pending = null; relabel(); }, 120);
    }
    handle.relabel = relabel;

    // Big drawings: a full frame of 5,000 nodes takes ~100 ms (software rendering), too slow
    // to follow a hand. While the view is dragged or zoomed, the last full frame is moved and
    // scaled instead, as map viewers do, and the full frame follows when the gesture ends.
    // A drawing is "big" when its last full frame took longer than QUICK_AFTER_MS.
    var QUICK_AFTER_MS = typeof window.citygraphQuickAfterMs === "number"
      ? window.citygraphQuickAfterMs : 30;
    // A zoom gesture has paused when no step came for this long (a trackpad or wheel sends
    // one every 8-16 ms while it moves): the full frame is drawn then, and a later step
    // starts a quick zoom again from it.
    var SETTLE_MS = 35;
    var canvas = box.querySelector("canvas");
    var snap = null;           // the frame a gesture began on: {image, scale, origin (CSS px)}
    var quick = false;         // the screen shows the snapshot moved or scaled
    var target = null;         // where a quick zoom is going: {scale, view}
    var settle = null, drawStart = 0, painting = false;
    handle.frames = 0;         // frames shown: full frames and quick ones
    handle.lastFullMs = null;  // how long the last full frame took, and when it ended
    handle.lastFullAt = null;
    handle.quick = function () { return quick; };

    function origin(scale, view) {  // where the canvas point (0, 0) is on screen, CSS px
      return { x: box.clientWidth / 2 - view.x * scale, y: box.clientHeight / 2 - view.y * scale };
    }
    function paintSnapshot(ctx, scale, view) {
      var ratio = canvas.width / Math.max(canvas.clientWidth, 1);
      var k = scale / snap.scale, now = origin(scale, view);
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.drawImage(snap.image, (now.x - k * snap.origin.x) * ratio,
                    (now.y - k * snap.origin.y) * ratio,
                    snap.image.width * k, snap.image.height * k);
      ctx.restore();
    }
    network.on("beforeDrawing", function (ctx) {
      drawStart = performance.now();
      if (quick && snap) { paintSnapshot(ctx, network.getScale(), network.getViewPosition()); }
    });
    network.on("afterDrawing", function () {
      handle.frames += 1;
      if (quick) { return; }
      handle.lastFullAt = performance.now();
      handle.lastFullMs = handle.lastFullAt - drawStart;
    });
    // A gesture on a big drawing starts from what the screen shows: the last full frame.
    function startQuick() {
      if (quick) { return true; }
      if (handle.lastFullMs === null || handle.lastFullMs < QUICK_AFTER_MS) { return false; }
      var image = snap && snap.image.width === canvas.width && snap.image.height === canvas.height
        ? snap.image : document.createElement("canvas");
      image.width = canvas.width;
      image.height = canvas.height;
      var copy = image.getContext("2d");
      copy.clearRect(0, 0, image.width, image.height);
      copy.drawImage(canvas, 0, 0);
      snap = { image: image, scale: network.getScale(),
               origin: origin(network.getScale(), network.getViewPosition()) };
      quick = true;
      return true;
    }
    // network.setOptions re-processes every node (0.1-0.2 s at 5,000 nodes); the renderer
    // (vis-network 9.1.2, as bundled by pyvis) holds this one flag.
    function hideNodesOnDrag(on) { network.renderer.setOptions({ hideNodesOnDrag: on }); }
    // Dragging the view of a big drawing: vis-network leaves nodes and relations out of its
    // frames (hideNodesOnDrag) and beforeDrawing paints the snapshot where it has moved.
    // Dragging a node draws everything, so the node is seen moving.
    network.on("dragStart", function (params) {
      if (params.nodes.length) { return; }
      if (target) { endQuickZoom(); return; }  // the screen holds a quick frame, not a full one
      if (startQuick()) { hideNodesOnDrag(true); }
    });
    // vis-network looks for a node and a relation under the mouse on every move (6.6 ms
    // at 5,000 nodes and 20,000 relations); while the view is dragged no hover is shown,
    // so the mouse events stop here, before the canvas. The drag itself reads pointer events.
    box.addEventListener("mousemove", function (ev) {
      if (quick) { ev.stopPropagation(); }
    }, true);
    network.on("dragEnd", function () {
      if (quick) {
        quick = false;
        hideNodesOnDrag(false);
        network.redraw();
      }
    });
    function paintQuickZoom() {
      if (!quick || !target) { return; }
      var ctx = canvas.getContext("2d");
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      ctx.restore();
      paintSnapshot(ctx, target.scale, target.view);
      handle.frames += 1;
    }
    // The full frame after a zoom comes first, its labels the ones placed before, kept at
    // their size on screen; they are placed anew just after (relabel takes 0.1-0.3 s at
    // 5,000 nodes: done first, it held the full picture back that long).
    function endQuickZoom() {
      if (settle) { clearTimeout(settle); settle = null; }
      if (!target) { return; }
      var to = target;
      target = null;
      quick = false;
      var grow = (data.labelPx / to.scale) / (placedFont || 1);
      placed.forEach(function (l) { l.dx *= grow; l.dy *= grow; l.width *= grow; });
      placedFont *= grow;
      network.moveTo({ position: to.view, scale: to.scale });
      network.redraw();  // the full frame, now
      setTimeout(relabel, 0);
      moved();
    }

    function zoomBy(factor, clientX, clientY) {
      var s = target ? target.scale : network.getScale();
      var ns = Math.min(Math.max(s * factor, 0.01), 8);
      var view = target ? target.view : network.getViewPosition();
      if (clientX !== undefined) {
        var rect = box.getBoundingClientRect();
        var at = origin(s, view);  // the canvas point under the pointer stays under it
        var p = { x: (clientX - rect.left - at.x) / s, y: (clientY - rect.top - at.y) / s };
        view = { x: p.x + (view.x - p.x) * s / ns, y: p.y + (view.y - p.y) * s / ns };
      }
      if (!startQuick()) {
        network.moveTo({ position: view, scale: ns });
        relabelSoon();
        moved();
        return;
      }
      target = { scale: ns, view: view };
      if (!painting) {  // one quick frame per screen refresh, however many steps came
        painting = true;
        requestAnimationFrame(function () { painting = false; paintQuickZoom(); });
      }
      if (settle) { clearTimeout(settle); }
      settle = setTimeout(function () { settle = null; endQuickZoom(); }, SETTLE_MS);
    }
    // The whole drawing in view. vis-network's fit centres it: in a frame taller than the
    // drawing is for its width (a wide network, the earth) that left a band of empty canvas
    // between the bar and the drawing (75 px at 1400x1000, 80 above the map). The drawing
    // starts under the bar instead (room for a label above its top node; a hook's backdrop,
    // the earth's outline, from its top edge), and the room left over goes below it.
    var fitted = false;  // the view is the fitted whole, not moved since
    handle.backdropTop = null;  // canvas y of the top of what a hook paints under the nodes
    function fitWhole() {
      // A map's cities may lie close together: its data lets the fit zoom in further.
      network.fit({ animation: false, maxZoomLevel: data.maxZoom || 1 });
      fitted = true;
      var pos = network.getPositions(), top = Infinity, bottom = -Infinity;
      order.forEach(function (id) {
        var p = pos[id];
        if (p) { top = Math.min(top, p.y - size[id]); bottom = Math.max(bottom, p.y + size[id]); }
      });
      if (top === Infinity) { return; }
      var scale = network.getScale(), margin = (data.labelPx * 1.5 + 8) / scale;
      var view = network.DOMtoCanvas({ x: 0, y: 0 });
      var far = network.DOMtoCanvas({ x: box.clientWidth, y: box.clientHeight });
      var above = top - margin - view.y;
      if (handle.backdropTop !== null) { above = Math.min(above, handle.backdropTop - view.y); }
      var shift = Math.min(above, far.y - bottom - margin);
      if (shift > 0) {
        var centre = network.getViewPosition();
        network.moveTo({ position: { x: centre.x, y: centre.y + shift }, scale: scale,
                         animation: false });
      }
    }
    handle.fit = function () { fitWhole(); relabel(); };
    // The wheel scrolls the page; with Ctrl (or ⌘) held, it zooms the drawing.
    box.addEventListener("wheel", function (ev) {
      if (!(ev.ctrlKey || ev.metaKey)) { return; }
      ev.preventDefault();
      zoomBy(Math.exp(-ev.deltaY * 0.0015), ev.clientX, ev.clientY);
    }, { passive: false });
    zoomIn.addEventListener("click", function () { zoomBy(1.5); });
    zoomOut.addEventListener("click", function () { zoomBy(1 / 1.5); });
    whole.addEventListener("click", function () {
      endQuickZoom();
      fitWhole();
      relabel();
      moved();
      fitted = true;
    });
    network.on("zoom", function () { relabelSoon(); moved(); });  // pinch on a touch screen
    network.on("dragEnd", function (params) {  // a dragged node may free or take room
      relabelSoon();
      if (!params.nodes.length) { moved(); }  // the view was dragged
    });
    // A frame that grows or shrinks (the window's height, a bar that wraps) keeps the whole
    // drawing under the bar, unless the user has moved the view since it was fitted.
    network.on("resize", function () {
      if (fitted) { fitWhole(); }
      relabelSoon();
    });

    // What the eye is on: a selected node with its neighbours, search hits, a path. These
    // stand out (and are labelled first), the rest are dimmed.
    var shown = { selected: null, found: [], path: [] };
    var dimmed = {};
    function highlight() {
      var ids = [];
      var present = function (id) { return !!nodes.get(id); };
      var path = shown.path.filter(present);
      if (path.length) {
        ids = path.slice();
      } else if (shown.selected !== null && present(shown.selected)) {
        ids = [shown.selected].concat(network.getConnectedNodes(shown.selected));
      }
      shown.found.filter(present).forEach(function (id) {
        if (ids.indexOf(id) < 0) { ids.push(id); }
      });
      var keep = {};
      ids.forEach(function (id) { keep[id] = true; });
      attention = keep;
      handle.highlighted = ids.slice();
      // Only nodes whose colour changes are updated (each update costs vis-network a
      // re-measure: a click on the background of 5,000 nodes took seconds).
      var changes = [];
      order.forEach(function (id) {
        var dim = ids.length > 0 && !keep[id];
        if (dim !== !!dimmed[id]) {
          changes.push({ id: id, color: dim ? DIM : colour[id] });
          if (dim) { dimmed[id] = true; } else { delete dimmed[id]; }
        }
      });
      if (changes.length) { nodes.update(changes); }
      if (path.length) {
        var on = {};
        path.forEach(function (id, i) { on[id] = i; });
        var pathEdges = edges.get({ filter: function (e) {
          return on[e.from] !== undefined && on[e.to] !== undefined &&
            Math.abs(on[e.from] - on[e.to]) === 1;
        } }).map(function (e) { return e.id; });
        network.setSelection({ nodes: path, edges: pathEdges }, { highlightEdges: false });
      } else if (handle.selected !== null) {
        network.selectNodes([handle.selected], true);
      } else {
        network.unselectAll();
      }
      relabel();
    }
    function select(id) {
      handle.selected = (id === null || id === undefined || !nodes.get(id)) ? null : id;
      shown.selected = handle.selected;
      highlight();
    }
    function showPath(ids) {
      shown.path = ids.slice();
      highlight();
    }
    function showFound(ids) {
      shown.found = ids.slice();
      highlight();
    }
    function focus(id) {
      if (!nodes.get(id)) { return; }
      network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
      select(id);
      moved();
    }
    handle.select = select;
    handle.focus = focus;
    handle.showPath = showPath;
    handle.showFound = showFound;

    // The camera: where the view is centred (canvas units) and its zoom, as a link keeps
    // it. A user's move is reported once the view has stood still for MOVED_MS.
    handle.camera = function () {
      var c = network.getViewPosition();
      return [c.x, c.y, network.getScale()];
    };
    handle.setCamera = function (camera) {
      endQuickZoom();
      network.moveTo({ position: { x: camera[0], y: camera[1] }, scale: camera[2],
                       animation: false });
      fitted = false;
      relabel();
    };
    var movedTimer = null;
    function moved() {
      fitted = false;
      if (!host.moved) { return; }
      if (movedTimer) { clearTimeout(movedTimer); }
      movedTimer = setTimeout(function () {
        movedTimer = null;
        host.moved(handle.camera());
      }, MOVED_MS);
    }

    network.on("click", function (params) {
      if (params.nodes.length) {
        shown.path = [];  // a click ends a path (the dashboard clears it too)
        select(params.nodes[0]);
        if (host.select) { host.select(params.nodes[0]); }
      } else if (!params.edges.length) {
        select(null);
        if (host.select) { host.select(null); }
      }
    });
    network.on("doubleClick", function (params) {
      if (params.nodes.length && host.expand) { host.expand(params.nodes[0]); }
    });

    physics.addEventListener("change", function (ev) {
      network.setOptions({ physics: { enabled: ev.target.checked } });
    });
    network.on("stabilized", relabelSoon);
    png.addEventListener("click", function () {
      var canvas = box.querySelector("canvas");
      var out = document.createElement("canvas");
      out.width = canvas.width;
      out.height = canvas.height;
      var ctx = out.getContext("2d");
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, out.width, out.height);
      ctx.drawImage(canvas, 0, 0);
      var link = document.createElement("a");
      link.download = "citygraph.png";
      link.href = out.toDataURL("image/png");
      document.body.appendChild(link);
      link.click();
      link.remove();
    });

    fitWhole();
    if (data.view) {  // a standalone page shows what the screen showed: selection, hits, path
      shown = { selected: data.view.selected || null, found: data.view.found || [],
                path: data.view.path || [] };
      handle.selected = shown.selected;
      highlight();
    } else {
      relabel();
    }
    network.once("afterDrawing", function () {
      handle.firstFrame = performance.now();
      document.body.setAttribute("data-drawn", "1");
    });
    // Scripts that add to a drawing (the map's outlines, the time control) hook in here.
    (window.citygraphHooks || []).forEach(function (hook) { hook(handle, data, root, host); });
    if (fitted) {  // a hook's bar took room, or its backdrop (the earth) counts in the fit
      fitWhole();
      relabel();
    }
    return handle;
  }

  window.citygraphDraw = draw;
})();
