/* The dashboard's network component: Streamlit's component protocol by hand (no build
 * step, no library), around citygraph's drawing script.
 *
 * Streamlit sends "streamlit:render" with the arguments; they name the drawing's scripts
 * and styles, files of this component's own folder on the Streamlit server (nothing from
 * outside it), each loaded once, in order, before the first drawing; the network is
 * redrawn only when its content key changes. What the user does comes back as the
 * component's value: {event: "select" | "expand" | "camera" | "period", id, camera, n,
 * nonce} (n tells a new one from the last; nonce: the last search zoom it had made, so a
 * camera from before a newer search is not taken for the user's; for "period", id holds
 * the time control's years, "2016-2019", or null).
 *
 * The view Python asks for (selection, search hits, path, camera) is applied when it
 * changes, unless it answers an older report than the last one sent: a user clicking
 * fast is ahead of the answers, and an old answer must not undo a newer click.
 *
 * A camera the user moved to is also written into the address bar here, replacing the
 * history's current entry (view.cameraParam names its parameter): panning and zooming
 * are no steps for Back to go through. Streamlit pushes an entry for every query change
 * Python makes, so Python leaves a change of the camera alone (sidebar.write_url). */
(function () {
  "use strict";
  var drawnKey = null, handle = null, count = 0, applied = {}, height = 0;
  var lastSent = null;  // the n of the last report
  var cameraParam = null;  // the URL parameter the camera is kept in, if any

  function send(type, extra) {
    var message = { isStreamlitMessage: true, type: type };
    Object.keys(extra || {}).forEach(function (k) { message[k] = extra[k]; });
    window.parent.postMessage(message, "*");
  }
  function report(event, id, camera) {
    count += 1;
    lastSent = Date.now() + ":" + count;
    send("streamlit:setComponentValue", {
      value: { event: event, id: id === undefined ? null : id, camera: camera || null,
               n: lastSent, nonce: applied.nonce === undefined ? null : applied.nonce },
      dataType: "json"
    });
  }
  // x,y,zoom as Python writes them (graph/ui/viewstate.CameraForm): rounded, no zeros.
  function cameraText(camera) {
    function num(v, places) {
      var r = Math.round(v * places) / places;
      return String(r === 0 ? 0 : r);
    }
    return [num(camera[0], 10), num(camera[1], 10), num(camera[2], 1000)].join(",");
  }
  function keepCamera(camera) {
    if (!cameraParam || !camera) { return; }
    try {
      var win = window.parent, url = new URL(win.location.href);
      url.searchParams.set(cameraParam, cameraText(camera));
      win.history.replaceState(win.history.state, "", url.toString());
    } catch (e) { /* another origin: the link keeps the camera Python last wrote */ }
  }
  // The assets' files (styles, vis-network, drawing.js, a view's scripts), each loaded
  // once: all fetched at once, the scripts run in their order (async = false).
  var loaded = {}, loading = false;
  function install(files, done) {
    var todo = (files || []).filter(function (name) { return !loaded[name]; });
    if (!todo.length) { done(); return; }
    if (loading) { return; }  // the render that follows the load draws the newest args
    loading = true;
    var waiting = todo.length, failed = false;
    todo.forEach(function (name) {
      var css = /\.css$/.test(name);
      var node = document.createElement(css ? "link" : "script");
      node.onload = function () {
        loaded[name] = true;
        waiting -= 1;
        if (waiting === 0 && !failed) { loading = false; done(); }
      };
      node.onerror = function () { failed = true; loading = false; };  // the next render tries again
      if (css) {
        node.rel = "stylesheet";
        node.href = name;
        document.head.appendChild(node);
      } else {
        node.async = false;
        node.src = name;
        document.body.appendChild(node);
      }
    });
  }
  // The frame's height: the args' height, or with fill, the window's height below the frame
  // (the drawing fits the first screen, whatever the window), never less than the args'.
  function frameHeight(args) {
    if (!args.fill) { return args.height; }
    try {
      var top = window.frameElement.getBoundingClientRect().top;
      var room = window.parent.innerHeight - top - 16;
      return Math.max(args.height, Math.round(room));
    } catch (e) {
      return args.height;
    }
  }
  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  function close(a, b) {
    return !!a && !!b && Math.abs(a[0] - b[0]) < 1 && Math.abs(a[1] - b[1]) < 1 &&
      Math.abs(a[2] - b[2]) < 0.001;
  }
  function render(args) {
    lastArgs = args;
    install(args.assets, function () {
      if (args === lastArgs) { draw(args); } else { render(lastArgs); }  // newer args came
    });
  }
  function draw(args) {
    var wanted = frameHeight(args);
    if (wanted !== height) {
      height = wanted;
      document.getElementById("cg-root").style.height = height + "px";
      send("streamlit:setFrameHeight", { height: height });
    }
    var view = args.view || {};
    cameraParam = view.cameraParam || null;
    var fresh = args.data.key !== drawnKey || !handle;
    if (fresh) {
      drawnKey = args.data.key;
      applied = {};
      handle = window.citygraphDraw(document.getElementById("cg-root"), args.data, {
        select: function (id) { report("select", id); },
        expand: function (id) { report("expand", id); },
        period: function (text) { report("period", text); },
        moved: function (camera) { keepCamera(camera); report("camera", null, camera); }
      });
    }
    // An answer to an older report than the last sent: the user is ahead of it.
    if (!fresh && lastSent !== null && view.ack !== lastSent) { return; }
    if (handle.timeline && handle.timeline.show && view.period !== undefined &&
        (fresh || view.period !== applied.period)) {
      applied.period = view.period;
      handle.timeline.show(view.period);
    }
    if (!same(view.found, applied.found)) {
      applied.found = view.found;
      handle.showFound(view.found || []);
    }
    if (!same(view.path, applied.path)) {
      applied.path = view.path;
      handle.showPath(view.path || []);
    }
    if (view.selected !== handle.selected) { handle.select(view.selected || null); }
    // A search hit is zoomed to once (nonce: the same hit again zooms again); a camera
    // Python sends anew (a link, a step Back) is moved to; none after one fits the whole.
    var before = applied.camera === undefined ? null : applied.camera;
    var cameraChanged = !same(view.camera || null, before);
    applied.camera = view.camera || null;
    if (view.focus && (view.nonce !== applied.nonce || fresh)) {
      applied.nonce = view.nonce;
      if (!view.camera) {
        handle.focus(view.focus);  // reports where it zoomed to
        return;
      }
    }
    if (!cameraChanged) { return; }
    if (view.camera) {
      if (!close(view.camera, handle.camera())) { handle.setCamera(view.camera); }
    } else if (!fresh) {
      handle.fit();
    }
  }
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (data && data.type === "streamlit:render") { render(data.args); }
  });
  var lastArgs = null;
  try {  // the parent page's window: the frame's height follows it
    window.parent.addEventListener("resize", function () {
      if (lastArgs && lastArgs.fill) {
        height = frameHeight(lastArgs);
        document.getElementById("cg-root").style.height = height + "px";
        send("streamlit:setFrameHeight", { height: height });
      }
    });
  } catch (e) { /* another origin: the frame keeps the height it was given */ }
  // Presenting scenes, the arrow keys step (Streamlit's shortcuts listen on the page): a
  // key pressed while the drawing has the focus goes on to the page. A clicker's page keys
  // step too.
  var STEPS = { ArrowLeft: "ArrowLeft", ArrowRight: "ArrowRight", PageUp: "ArrowLeft",
                PageDown: "ArrowRight", Escape: "Escape" };
  window.addEventListener("keydown", function (ev) {
    var key = STEPS[ev.key];
    if (!key) { return; }
    try {
      window.parent.document.dispatchEvent(new KeyboardEvent("keydown", {
        key: key, code: key, bubbles: true, cancelable: true }));
    } catch (e) { /* another origin: the page gets no key */ }
  });
  send("streamlit:componentReady", { apiVersion: 1 });
})();
