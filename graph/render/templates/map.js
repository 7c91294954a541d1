/* citygraph's map: the earth and its country outlines painted under the drawing, in the
 * projection that placed the cities (Equal Earth, d3-geo's geoEqualEarth at the scale
 * graph/render/map.py used, centred on 0, 0). A hook of the drawing script
 * (window.citygraphHooks): it acts on drawings whose data has a "map". The outlines are
 * Natural Earth's (window.citygraphWorld, TopoJSON) decoded by topojson-client and drawn by
 * d3-geo (which cuts them at the antimeridian); all come inline, nothing is fetched. */
(function () {
  "use strict";

  // The sphere and every country as two paths, in canvas units (vis-network's transform
  // applies), made once per scale.
  function paths(world, scale) {
    var projection = d3.geoEqualEarth().scale(scale).translate([0, 0]);
    var sphere = new Path2D(), land = new Path2D();
    d3.geoPath(projection, sphere)({ type: "Sphere" });
    d3.geoPath(projection, land)(topojson.feature(world, world.objects.countries));
    return { sphere: sphere, land: land, projection: projection };
  }

  var cache = {};
  function mapHook(handle, data, root) {
    if (!data.map) { return; }
    var physics = root.querySelector("#cg-physics");  // physics would move cities off the map
    if (physics) { physics.parentNode.style.display = "none"; }
    window.citygraphMap = { placed: data.map.placed.slice(), notPlaced: data.map.notPlaced.slice() };
    var scale = data.map.scale;
    if (!cache[scale] && window.citygraphWorld && window.topojson && window.d3) {
      cache[scale] = paths(window.citygraphWorld, scale);
    }
    var drawn = cache[scale];
    if (!drawn) { return; }
    window.citygraphMap.project = function (lon, lat) { return drawn.projection([lon, lat]); };
    handle.backdropTop = drawn.projection([0, 90])[1];  // the fit starts the earth under the bar
    var network = handle.network;
    network.on("beforeDrawing", function (ctx) {
      if (handle.quick && handle.quick()) { return; }  // the snapshot has them already
      ctx.save();
      ctx.lineWidth = 0.8 / network.getScale();  // a thin line at any zoom
      ctx.fillStyle = "#f3f7fa";
      ctx.fill(drawn.sphere);
      ctx.fillStyle = "#e4e8ec";
      ctx.strokeStyle = "#b9c2cc";
      ctx.fill(drawn.land);
      ctx.stroke(drawn.land);
      ctx.strokeStyle = "#d5dde4";
      ctx.stroke(drawn.sphere);
      ctx.restore();
    });
    network.redraw();
  }

  window.citygraphHooks = window.citygraphHooks || [];
  window.citygraphHooks.push(mapHook);
})();
