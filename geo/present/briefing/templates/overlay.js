/* The analyst's overlay in the briefing: their observations, drawn for the slider's date.
   Plain text from their file is written with textContent only. The date is read from the
   date label the briefing's script keeps current ("15 Jun 2020 (2020-06-15)"). */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("briefing-overlay").textContent);
  var map = window.briefingMap;
  if (!map || !DATA.items.length) { return; }
  var DAY_MS = 86400000;
  var layer = L.layerGroup().addTo(map);
  var label = document.getElementById("date-label");

  function ms(iso) { return Date.parse(iso + "T00:00:00Z"); }

  function shows(item, t) {
    if (item.end) { return ms(item.first) <= t && t < ms(item.end); }
    return ms(item.first) <= t && t - DATA.window * DAY_MS < ms(item.last);
  }

  function popup(item) {
    var box = document.createElement("div");
    box.className = "overlay-popup";
    item.lines.forEach(function (line, i) {
      var node = document.createElement(i === 0 ? "b" : "div");
      node.textContent = line;
      box.appendChild(node);
    });
    return box;
  }

  function draw() {
    var match = /\((\d{4}-\d{2}-\d{2})\)/.exec(label.textContent);
    if (!match) { return; }
    var t = ms(match[1]);
    layer.clearLayers();
    var shown = 0;
    DATA.items.forEach(function (item) {
      if (!shows(item, t)) { return; }
      shown += 1;
      L.circleMarker([item.lat, item.lon], {
        radius: 6, className: "overlay-marker", color: "#3b0a24", weight: 1.5, fillColor: DATA.colour, fillOpacity: 0.85
      }).bindPopup(popup(item)).addTo(layer);
    });
    count.textContent = DATA.name + ": " + shown + " of " + DATA.items.length + " shown";
  }

  var legend = L.control({ position: "topright" });
  var count = document.createElement("span");
  legend.onAdd = function () {
    var div = L.DomUtil.create("div", "overlay-legend");
    div.style.cssText = "background:#fff;padding:3px 7px;border-radius:4px;font:12px system-ui,sans-serif";
    var dot = document.createElement("span");
    dot.style.cssText = "display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:5px;background:" + DATA.colour;
    div.appendChild(dot);
    div.appendChild(count);
    return div;
  };
  legend.addTo(map);
  new MutationObserver(draw).observe(label, { childList: true, characterData: true, subtree: true });
  draw();
})();
