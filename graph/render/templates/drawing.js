/* citygraph's drawing: one vis-network with a legend, zoom buttons, labels placed where
 * they fit, neighbours highlighted on click. Shared by the standalone page (network.html)
 * and the dashboard's component (graph/ui/network_component). Loaded text only ever
 * reaches the DOM through textContent. */
(function () {
  "use strict";
  var SYMBOL = { dot: "\u25CF", diamond: "\u25C6", square: "\u25A0", triangle: "\u25B2",
                 triangleDown: "\u25BC", hexagon: "\u2B22", star: "\u2605" };
  var MAX_LABELS = 400;       // labels drawn at once, whatever the zoom
  var DIM = { background: "#ececec", border: "#d8d8d8" };
  var FONT_FACE = "arial";    // vis-network's default face: labels are measured in it

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // Tooltips become DOM elements filled with textContent: loaded text is never parsed as HTML.
  function tip(text) {
    var node = el("div", "cg-tip");
    node.textContent = text;
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
      if (n.title) { n.title = tip(String(n.title)); }
      n.label = "";  // drawing.js decides which labels fit (relabel)
    });
    order.sort(function (a, b) { return size[b] - size[a] || (String(a) < String(b) ? -1 : 1); });
    data.edges.forEach(function (e) {
      if (e.title) { e.title = tip(String(e.title)); } else { delete e.title; }
    });

    var nodes = new vis.DataSet(data.nodes);
    var edges = new vis.DataSet(data.edges);
    var network = new vis.Network(box, { nodes: nodes, edges: edges }, data.options);
    var handle = { network: network, nodes: nodes, edges: edges, firstFrame: null,
                   labelled: [], selected: null, highlighted: [] };
    window.citygraph = handle;

    var measure = document.createElement("canvas").getContext("2d");
    measure.font = "100px " + FONT_FACE;  // widths scale with the size
    var shown = {};        // node id -> its label is drawn
    var preferred = {};    // highlighted nodes are labelled first

    // Labels: a fixed size on screen; the biggest nodes first; a label only where it covers
    // no other node and no other label; the rest appear as one zooms in.
    function relabel() {
      var scale = network.getScale();
      var font = data.labelPx / scale;  // canvas units that look labelPx tall
      var pos = network.getPositions();
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
      function hits(b, owner) {
        return cells(b, function (k) {
          var list = grid.get(k) || [];
          for (var n = 0; n < list.length; n++) {
            var o = list[n][0];
            if (list[n][1] !== owner && o[0] < b[2] && b[0] < o[2] && o[1] < b[3] && b[1] < o[3]) {
              return true;
            }
          }
          return false;
        });
      }
      order.forEach(function (id) {
        var p = pos[id], r = size[id];
        if (p) { add([p.x - r, p.y - r, p.x + r, p.y + r], id); }
      });
      var first = order.filter(function (id) { return preferred[id]; });
      var rest = order.filter(function (id) { return !preferred[id]; });
      var next = {}, count = 0;
      var high = font * 1.15, gap = font * 0.15;
      first.concat(rest).forEach(function (id) {
        var p = pos[id], text = caption[id], r = size[id];
        if (!p || !text || count >= MAX_LABELS) { return; }
        var w = measure.measureText(text).width * font / 100 + font * 0.3;
        // Where vis-network draws a label (below the shape: top at y + r + font/2 + 4);
        // else above the shape, moved up by vadjust.
        var below = p.y + r + font / 2 + 4, above = p.y - r - gap - high;
        var places = [[below, 0], [above, above - below]];
        for (var k = 0; k < places.length; k++) {
          var b = [p.x - w / 2, places[k][0] - gap, p.x + w / 2, places[k][0] + high];
          if (!hits(b, id)) { add(b, id); next[id] = places[k][1]; count++; return; }
        }
      });
      var changes = [];
      order.forEach(function (id) {
        var was = shown[id], now = next[id];
        if (now !== undefined && (was !== now || now !== 0)) {
          changes.push({ id: id, label: caption[id], font: { vadjust: now } });
        } else if (now === undefined && was !== undefined) {
          changes.push({ id: id, label: "", font: { vadjust: 0 } });
        }
      });
      shown = next;
      handle.labelled = Object.keys(next);
      network.setOptions({ nodes: { font: { size: font } } });
      if (changes.length) { nodes.update(changes); }
    }
    var pending = null;
    function relabelSoon() {
      if (pending) { clearTimeout(pending); }
      pending = setTimeout(function () { pending = null; relabel(); }, 120);
    }
    handle.relabel = relabel;

    function zoomBy(factor, clientX, clientY) {
      var s = network.getScale();
      var ns = Math.min(Math.max(s * factor, 0.01), 8);
      var view = network.getViewPosition();
      if (clientX !== undefined) {
        var rect = box.getBoundingClientRect();
        var p = network.DOMtoCanvas({ x: clientX - rect.left, y: clientY - rect.top });
        view = { x: p.x + (view.x - p.x) * s / ns, y: p.y + (view.y - p.y) * s / ns };
      }
      network.moveTo({ position: view, scale: ns });
      relabelSoon();
    }
    // The wheel scrolls the page; with Ctrl (or ⌘) held, it zooms the drawing.
    box.addEventListener("wheel", function (ev) {
      if (!(ev.ctrlKey || ev.metaKey)) { return; }
      ev.preventDefault();
      zoomBy(Math.exp(-ev.deltaY * 0.0015), ev.clientX, ev.clientY);
    }, { passive: false });
    zoomIn.addEventListener("click", function () { zoomBy(1.5); });
    zoomOut.addEventListener("click", function () { zoomBy(1 / 1.5); });
    whole.addEventListener("click", function () { network.fit({ animation: false }); relabel(); });
    network.on("zoom", relabelSoon);        // pinch on a touch screen
    network.on("dragEnd", relabelSoon);     // a dragged node may free or take room
    network.on("resize", relabelSoon);

    // Highlight: these nodes (and the relations among them) stand out, the rest are dimmed.
    function highlight(ids) {
      var keep = {};
      ids.forEach(function (id) { keep[id] = true; });
      preferred = keep;
      handle.highlighted = ids.slice();
      var changes = order.map(function (id) {
        return { id: id, color: (ids.length === 0 || keep[id]) ? colour[id] : DIM };
      });
      nodes.update(changes);
      relabel();
    }
    function neighbourhood(id) {
      return [id].concat(network.getConnectedNodes(id));
    }
    function select(id) {
      if (id === null || id === undefined || !nodes.get(id)) {
        handle.selected = null;
        network.unselectAll();
        highlight([]);
        return;
      }
      handle.selected = id;
      network.selectNodes([id], true);
      highlight(neighbourhood(id));
    }
    function showPath(ids) {
      var present = ids.filter(function (id) { return !!nodes.get(id); });
      var on = {};
      present.forEach(function (id, i) { on[id] = i; });
      var pathEdges = edges.get({ filter: function (e) {
        return on[e.from] !== undefined && on[e.to] !== undefined &&
          Math.abs(on[e.from] - on[e.to]) === 1;
      } }).map(function (e) { return e.id; });
      highlight(present);
      network.setSelection({ nodes: present, edges: pathEdges }, { highlightEdges: false });
    }
    function focus(id) {
      if (!nodes.get(id)) { return; }
      select(id);
      network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
      relabel();
    }
    handle.select = select;
    handle.focus = focus;
    handle.showPath = showPath;

    network.on("click", function (params) {
      if (params.nodes.length) {
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

    network.fit({ animation: false });
    relabel();
    network.once("afterDrawing", function () {
      handle.firstFrame = performance.now();
      document.body.setAttribute("data-drawn", "1");
    });
    return handle;
  }

  window.citygraphDraw = draw;
})();
