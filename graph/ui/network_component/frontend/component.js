/* The dashboard's network component: Streamlit's component protocol by hand (no build
 * step, no library), around citygraph's drawing script.
 *
 * Streamlit sends "streamlit:render" with the arguments; the drawing's scripts and styles
 * arrive inline in them (nothing is fetched), are installed once, and the network is
 * redrawn only when its content key changes. Clicks come back as the component's value:
 * {event: "select" | "expand", id, n} (n counts events, so Python can tell a new one); the
 * time control's chosen period as {event: "period", id: "2016-2019" or null, n}. */
(function () {
  "use strict";
  var drawnKey = null, handle = null, count = 0, applied = {}, height = 0, installed = {};

  function send(type, extra) {
    var message = { isStreamlitMessage: true, type: type };
    Object.keys(extra || {}).forEach(function (k) { message[k] = extra[k]; });
    window.parent.postMessage(message, "*");
  }
  function report(event, id) {
    count += 1;
    send("streamlit:setComponentValue", {
      value: { event: event, id: id === undefined ? null : id, n: Date.now() + ":" + count },
      dataType: "json"
    });
  }
  function run(code) {
    var script = document.createElement("script");
    script.textContent = code;  // our own scripts, from the Python package
    document.body.appendChild(script);
  }
  function install(assets) {
    if (!window.vis) {
      document.getElementById("cg-vis-css").textContent = assets.vis_css;
      document.getElementById("cg-drawing-css").textContent = assets.drawing_css;
      [assets.vis_js, assets.drawing_js].forEach(run);
    }
    // The view's own scripts (the map's, the time control's), each once per frame.
    (assets.scripts || []).forEach(function (code) {
      var id = code.length + ":" + code.slice(0, 80);
      if (!installed[id]) { installed[id] = true; run(code); }
    });
  }
  function render(args) {
    install(args.assets);
    if (args.height !== height) {
      height = args.height;
      document.getElementById("cg-root").style.height = height + "px";
      send("streamlit:setFrameHeight", { height: height });
    }
    if (args.data.key !== drawnKey || !handle) {
      drawnKey = args.data.key;
      applied = {};
      handle = window.citygraphDraw(document.getElementById("cg-root"), args.data, {
        select: function (id) { report("select", id); },
        expand: function (id) { report("expand", id); },
        period: function (text) { report("period", text); }
      });
    }
    // What Python asks for: a search hit to zoom to, a path, the selected node.
    var view = args.view || {};
    var wanted = JSON.stringify(view);
    if (applied.view === wanted) { return; }
    applied.view = wanted;
    if (handle.timeline && handle.timeline.show && view.period !== undefined) {
      handle.timeline.show(view.period);
    }
    if (view.path && view.path.length) {
      handle.showPath(view.path);
    } else if (view.focus) {
      handle.focus(view.focus);
    } else if (view.selected !== handle.selected) {
      handle.select(view.selected || null);
    }
  }
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (data && data.type === "streamlit:render") { render(data.args); }
  });
  send("streamlit:componentReady", { apiVersion: 1 });
})();
