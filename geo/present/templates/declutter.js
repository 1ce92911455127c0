/* Keeps the map readable: badges, event marks and site names placed where they cover no site marker
 * and no other placed box, tooltips kept inside the map. Shared by the dashboard and the briefing.
 *
 * Each placed element is a Leaflet divIcon whose top-left corner sits on its site's point when its
 * margins are zero; geoDeclutter tries offsets around the point (right, left, above, below, the
 * corners, then the same twice and three times as far) and keeps the first that collides with nothing.
 * A name that finds no free place is hidden at this zoom and shown again when a zoom gives it room; a
 * place that would cross the map's edge counts as taken, and one under the map's controls (zoom, layers,
 * legend, attribution: Leaflet's .leaflet-control boxes) as half taken. Within each selector the elements are
 * placed in the order of their geoOrder property where it is set (a page that takes markers off and puts
 * them back sets it, so that a date is placed the same whichever date came before), else in document order.
 */
function geoDeclutter(map, selectors) {
  "use strict";
  var root = map.getContainer();
  var all = function (selector) {
    var nodes = Array.prototype.slice.call(root.querySelectorAll(selector));
    var rank = function (n) { return n.geoOrder === undefined ? Infinity : n.geoOrder; };
    return nodes.some(function (n) { return n.geoOrder !== undefined; }) ?
      nodes.sort(function (a, b) { var x = rank(a), y = rank(b); return x === y ? 0 : x < y ? -1 : 1; }) : nodes;  // a stable sort
  };
  var box = function (node) { return node.getBoundingClientRect(); };
  var hits = function (a, b) {
    return a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  };
  // Placed in this order: what comes first takes its place first; names may be hidden, the rest never.
  var order = [];
  if (selectors.first) all(selectors.first).forEach(function (n) { order.push([n, false]); });
  selectors.badges.forEach(function (selector) { all(selector).forEach(function (n) { order.push([n, false]); }); });
  all(selectors.labels).forEach(function (n) { order.push([n, true]); });
  // One read, then only what moves is written: every box is measured where it stands (a single layout)
  // and taken back to its point by its own margins, the offsets are worked out in arithmetic, and an
  // element's style is set only where its place or visibility changes, so that a pass that moves nothing
  // (a step that redraws badges in place) leaves the page's layout as it was.
  var margins = order.map(function (item) {
    var style = item[0].style;
    return [parseFloat(style.marginLeft) || 0, parseFloat(style.marginTop) || 0];
  });
  var markerBoxes = all(selectors.markers).map(box);
  var controls = Array.prototype.map.call(root.querySelectorAll(".leaflet-control"), box)
    .filter(function (b) { return b.width || b.height; });
  var frame = box(root);
  var bases = order.map(function (item, i) {
    var b = box(item[0]), dx = margins[i][0], dy = margins[i][1];
    return { left: b.left - dx, right: b.right - dx, top: b.top - dy, bottom: b.bottom - dy, width: b.width,
      height: b.height };
  });
  // Under a control costs half a collision: a name that must go somewhere (a key site's) goes under a
  // control, which hides only part of the map, before it leaves the map or covers a site.
  var edgeCost = function (b) {
    var cost = b.left < frame.left || b.right > frame.right || b.top < frame.top || b.bottom > frame.bottom ? 1 : 0;
    for (var i = 0; i < controls.length; i++) cost += hits(b, controls[i]) ? 0.5 : 0;
    return cost;
  };
  var radius = 10, gap = 2;
  function ring(d, w, h) {
    return [[d + gap, -h / 2], [-d - gap - w, -h / 2], [-w / 2, -d - gap - h], [-w / 2, d + gap],
      [d, -d - h], [d, d], [-d - w, -d - h], [-d - w, d]];
  }
  function candidates(w, h) {
    return ring(radius, w, h).concat(ring(2 * radius, w, h), ring(3 * radius, w, h));
  }
  // The boxes taken so far, filed by the CELL-pixel squares they cross: a candidate is tested against the
  // boxes in its own squares only, not against every box placed before it. A key shared by two squares
  // only adds boxes to test; the test itself decides.
  var CELL = 64, taken = [], cells = new Map(), seen = [], query = 0;
  function squares(b, fn) {  // x * 4099 + y: one number per square
    for (var x = Math.floor(b.left / CELL); x <= Math.floor(b.right / CELL); x++) {
      for (var y = Math.floor(b.top / CELL); y <= Math.floor(b.bottom / CELL); y++) fn(x * 4099 + y);
    }
  }
  function take(b) {
    var index = taken.push(b) - 1;
    squares(b, function (key) {
      var list = cells.get(key);
      if (list) list.push(index); else cells.set(key, [index]);
    });
  }
  function collisions(b, enough) {  // how many taken boxes b hits, counted up to enough
    var cost = 0;
    query++;
    squares(b, function (key) {
      var list = cells.get(key);
      for (var i = 0; list && i < list.length && cost < enough; i++) {
        var index = list[i];
        if (seen[index] === query) continue;
        seen[index] = query;
        if (hits(b, taken[index])) cost++;
      }
    });
    return cost;
  }
  markerBoxes.forEach(take);
  function place(base, hideIfStuck) {
    if (!base.width && !base.height) return null;
    var best = null, bestCost = Infinity;
    candidates(base.width, base.height).some(function (c) {
      var b = { left: base.left + c[0], right: base.right + c[0], top: base.top + c[1], bottom: base.bottom + c[1] };
      var cost = edgeCost(b);
      if (cost < bestCost) cost += collisions(b, bestCost - cost);
      if (cost < bestCost) { best = { c: c, b: b }; bestCost = cost; }
      return cost === 0;
    });
    if (bestCost > 0 && hideIfStuck) return "hidden";
    take(best.b);
    return best.c;
  }
  var placed = order.map(function (item, i) { return place(bases[i], item[1]); });
  order.forEach(function (item, i) {
    var where = placed[i], style = item[0].style, hidden = where === "hidden";
    var to = where && !hidden ? where : [0, 0], visibility = hidden ? "hidden" : "";
    if (Math.abs(to[0] - margins[i][0]) > 0.01) style.marginLeft = to[0] + "px";
    if (Math.abs(to[1] - margins[i][1]) > 0.01) style.marginTop = to[1] + "px";
    if (style.visibility !== visibility) style.visibility = visibility;
  });
}

/* Shift an open tooltip back inside the map's box when it would cross an edge. */
function geoKeepInside(map, tooltip) {
  "use strict";
  var node = tooltip.getElement();
  if (!node) return;
  node.style.marginLeft = "";
  node.style.marginTop = "";
  var outer = map.getContainer().getBoundingClientRect(), b = node.getBoundingClientRect(), pad = 4;
  var dx = Math.max(0, outer.left + pad - b.left) + Math.min(0, outer.right - pad - b.right);
  var dy = Math.max(0, outer.top + pad - b.top) + Math.min(0, outer.bottom - pad - b.bottom);
  if (dx) node.style.marginLeft = (parseFloat(getComputedStyle(node).marginLeft) || 0) + dx + "px";
  if (dy) node.style.marginTop = (parseFloat(getComputedStyle(node).marginTop) || 0) + dy + "px";
}

/* Run geoDeclutter after every zoom and whenever layers are added, and keep tooltips inside. The layers
 * of one update are placed together, in the frame they are drawn in: before it is painted, never after. */
function geoWatchClutter(map, selectors) {
  "use strict";
  var pending = false;
  function soon() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; geoDeclutter(map, selectors); });
  }
  map.on("zoomend layeradd resize", soon);
  map.on("tooltipopen", function (e) { geoKeepInside(map, e.tooltip); });
  soon();
  return soon;
}
