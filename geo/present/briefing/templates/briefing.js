/* The briefing's map, slider, situation table, events list and change log.
 *
 * Reads three blocks written by geo/present/briefing: #briefing-data (the records
 * and the change log, gzip-compressed in base64; its hash is printed in the page),
 * and the JSON of #briefing-view (opening date, tile URL) and #briefing-basemap
 * (offline country outlines). The data is decompressed with fflate's gunzipSync
 * (gunzip.js, before this script), not the browser's DecompressionStream: that one
 * answers only after the load event, and a page printed as it loads must be drawn.
 *
 * No time rule lives here: geo/present/briefing embeds the state of every site on
 * each day it may change (DATA.frames, computed by geo/core/timeline.py), and the
 * page shows the last frame on or before the chosen day. Nor does the wording:
 * every sentence, citation and change-log line comes in the data, in the words
 * geo/core/text.py gives it, and the popup's headings in #briefing-view (its
 * HEADINGS, which the dashboard's site card uses too); this script only places
 * them, with a few joining words of its own ("since", "on", "+N more"). Text from
 * data only ever reaches the page through textContent or DOM nodes, never as HTML.
 */
(function () {
  "use strict";

  var DATA = decode(unpack("briefing-data"));
  var VIEW = readJson("briefing-view");
  var BASEMAP = readJson("briefing-basemap");
  var DAY_MS = 86400000;
  var PLAY_STEP_MS = 700;
  var SVG_NS = "http://www.w3.org/2000/svg";
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function readJson(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  // ---- base64 of gzip-compressed JSON (payload.pack) back into the JSON's value ----
  function unpack(id) {
    var text = document.getElementById(id).textContent.trim(), bytes;
    if (Uint8Array.fromBase64) {
      bytes = Uint8Array.fromBase64(text);
    } else {
      var binary = atob(text);
      bytes = new Uint8Array(binary.length);
      for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    }
    return JSON.parse(new TextDecoder().decode(fflate.gunzipSync(bytes)));
  }

  // ---- the embedded data: columns and string tables back into records and frames ----
  // (the format is described in geo/present/briefing/payload.py, whose decode() does the same)
  function decode(payload) {
    var strings = payload.strings, words = payload.words, start = toMs(payload.period.start), dayMs = 86400000;
    function str(i) { return strings[i]; }
    function wordsOf(v) { return v.map(function (i) { return words[i]; }).join(" "); }
    function values(column) {
      if (column.v) return column.v;
      if (column.s) return column.s.map(str);
      if (column.w) return column.w.map(wordsOf);
      if (column.t) return column.t.map(function (v) { return typeof v === "number" ? strings[v] : wordsOf(v); });
      if (column.a) return column.a.map(function (v) { return v.map(str); });
      if (column.d) {
        var sum = 0;
        return column.d.map(function (step) { sum += step; return sum; });
      }
      return column.c.map(function (v) {
        var out = [];
        for (var j = 0; j < v.length; j += 2) out.push({ source: strings[v[j]], detail: strings[v[j + 1]] });
        return out;
      });
    }
    function rows(table) {
      var columns = table.columns.map(values), out = [];
      var n = columns.length ? columns[0].length : 0;
      for (var i = 0; i < n; i++) {
        var row = {};
        for (var k = 0; k < columns.length; k++) row[table.fields[k]] = columns[k][i];
        out.push(row);
      }
      return out;
    }
    var data = {}, records = [];
    Object.keys(payload).forEach(function (key) {
      if (["tables", "frames", "change_days", "changes", "strings", "words"].indexOf(key) < 0) data[key] = payload[key];
    });
    ["control", "deployments", "events"].forEach(function (name) {
      data[name] = rows(payload.tables[name]);
      data[name].forEach(function (row) { records.push(row.id); });
    });
    function iso(day) { return toIso(start + day * dayMs); }
    function ids(list) { return list.map(function (i) { return records[i]; }); }
    function undiff(before, value) {
      if (Array.isArray(value)) return value;
      return before.filter(function (r) { return value["-"].indexOf(r) < 0; }).concat(value["+"]);
    }
    data.change_days = payload.change_days.map(iso);
    data.changes = rows(payload.changes).map(function (row) {
      row.day = iso(row.day);
      row.record = records[row.record];
      return row;
    });
    var last = {};
    data.frames = payload.frames.map(function (f) {
      var sites = {};
      f[1].forEach(function (e) {
        for (var k = e.length; k < 8; k++) e.push(k < 7 ? [] : 0);  // the empty parts left off its end
        var before = last[e[0]] || { deployments: [], leaving: [] };
        var deployments = undiff(before.deployments, e[3]), leaving = undiff(before.leaving, e[4]);
        last[e[0]] = { deployments: deployments, leaving: leaving };
        var s = { control: e[1] >= 0 ? records[e[1]] : null };
        if (e[2].length) s.claims = ids(e[2]);
        if (deployments.length) s.deployments = ids(deployments);
        if (leaving.length) s.leaving = ids(leaving);
        if (e[5].length) {
          s.notes = {};
          for (var j = 0; j < e[5].length; j += 2) s.notes[records[e[5][j]]] = strings[e[5][j + 1]];
        }
        if (e[6].length) s.stale = ids(e[6]);
        if (e[7]) s.transition = { from: strings[e[7][0]], to: strings[e[7][1]], text: strings[e[7][2]] };
        sites[payload.sites[e[0]].id] = s;
      });
      var frame = { day: iso(f[0]), sites: sites };
      if (f[2].length) frame.events_in = ids(f[2]);
      if (f[3].length) frame.events_out = ids(f[3]);
      return frame;
    });
    return data;
  }

  // ---- dates: ISO day strings, arithmetic in UTC -------------------------
  function toMs(iso) {
    return Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
  }
  function toIso(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }
  function dayIndex(iso) {
    return Math.round((toMs(iso) - toMs(DATA.period.start)) / DAY_MS);
  }
  function dayLabel(iso) {
    return +iso.slice(8, 10) + " " + MONTHS[+iso.slice(5, 7) - 1] + " " + iso.slice(0, 4);
  }

  // ---- DOM helpers: text only --------------------------------------------
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text != null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }
  // An SVG swatch: it prints with the browser's default settings, unlike a background colour.
  function swatch(colour) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("class", "swatch");
    svg.setAttribute("viewBox", "0 0 12 12");
    svg.setAttribute("width", "12");
    svg.setAttribute("height", "12");
    var dot = document.createElementNS(SVG_NS, "circle");
    dot.setAttribute("cx", "6");
    dot.setAttribute("cy", "6");
    dot.setAttribute("r", "5");
    dot.setAttribute("fill", colour);
    dot.setAttribute("stroke", "#333333");
    dot.setAttribute("stroke-width", "1");
    svg.appendChild(dot);
    return svg;
  }
  function assetIcon(kind, colour) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("width", "14");
    svg.setAttribute("height", "14");
    var path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", DATA.asset_paths[kind] || "M3 3h10v10H3z");
    path.setAttribute("fill", colour);
    svg.appendChild(path);
    return svg;
  }

  // ---- lookups -------------------------------------------------------------
  function groupBySite(records) {
    var out = {};
    records.forEach(function (rec) {
      (out[rec.site_id] = out[rec.site_id] || []).push(rec);
    });
    return out;
  }
  var SITES = {};
  DATA.sites.forEach(function (site) { SITES[site.id] = site; });

  function actorName(id) {
    return DATA.actors[id] ? DATA.actors[id].name : id;
  }
  function actorColour(id) {
    return DATA.actors[id] ? DATA.actors[id].colour : DATA.unknown.colour;
  }
  // A citation in the words geo.core.text.citation_text gives it: its source's title (written once, in
  // DATA.sources) and what follows the title (", p. 4 (attributed to X)").
  function citationText(c) {
    return DATA.sources[c.source].title + c.detail;
  }
  function isHedged(confidence) {
    return DATA.hedged.indexOf(confidence) >= 0;
  }
  // A deployment in the words geo.core.text gave it: count, asset, actor, confidence and dates.
  // s: the site's state, whose notes add what the date says of the deployment (arriving, last reported).
  function deploymentText(rec, s) {
    return rec.text + (s.notes[rec.id] || "");
  }

  // ---- state at a date: looked up in the frames geo/briefing.py computed ----------
  var BY_ID = {};
  DATA.control.concat(DATA.deployments, DATA.events).forEach(function (rec) { BY_ID[rec.id] = rec; });
  var FRAMES = [];
  DATA.frames.reduce(function (last, frame) {
    var full = { index: FRAMES.length, day: frame.day, sites: Object.assign({}, last.sites, frame.sites) };
    FRAMES.push(full);
    return full;
  }, { sites: {} });

  function frameAt(t) {
    var lo = 0, hi = FRAMES.length - 1, found = null;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (FRAMES[mid].day <= t) { found = FRAMES[mid]; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }
  function byId(id) { return BY_ID[id]; }
  function siteState(site, t) {
    var frame = frameAt(t);
    var s = (frame && frame.sites[site.id]) || {};
    var stale = {};
    (s.stale || []).forEach(function (id) { stale[id] = true; });
    return {
      site: site, main: s.control ? BY_ID[s.control] : null, claims: (s.claims || []).map(byId),
      deployments: (s.deployments || []).map(byId), leaving: (s.leaving || []).map(byId),
      notes: s.notes || {}, stale: stale, transition: s.transition || null,
    };
  }

  // ---- the events of a frame: each event is recent from the frame that lists it in events_in up to the
  // one that lists it in events_out (both computed in Python), so the frames give every event one span
  // [ENTERS[i], LEAVES[i]) of frame numbers. DATA.events is in date order and an event enters on its first
  // day, so ENTERS rises along it; REACHED[i], the latest LEAVES up to i, rises too. The events of frame f
  // lie between the first i with REACHED[i] > f and the first with ENTERS[i] > f: two binary searches.
  var EVENT_INDEX = {};
  DATA.events.forEach(function (e, i) { EVENT_INDEX[e.id] = i; });
  var ENTERS = new Int32Array(DATA.events.length).fill(FRAMES.length);
  var LEAVES = new Int32Array(DATA.events.length).fill(FRAMES.length);
  DATA.frames.forEach(function (frame, f) {
    (frame.events_in || []).forEach(function (id) { ENTERS[EVENT_INDEX[id]] = f; });
    (frame.events_out || []).forEach(function (id) { LEAVES[EVENT_INDEX[id]] = f; });
  });
  var REACHED = new Int32Array(DATA.events.length);
  var inDateOrder = true;
  for (var i = 0; i < DATA.events.length; i++) {
    REACHED[i] = i ? Math.max(REACHED[i - 1], LEAVES[i]) : LEAVES[i];
    if (i && ENTERS[i] < ENTERS[i - 1]) inDateOrder = false;
  }
  function firstAbove(values, f) {  // the first i with values[i] > f, for values that never fall
    var lo = 0, hi = values.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (values[mid] > f) hi = mid; else lo = mid + 1;
    }
    return lo;
  }
  function eventsNear(t) {
    var frame = frameAt(t);
    if (!frame) return [];
    var f = frame.index, out = [];
    var from = inDateOrder ? firstAbove(REACHED, f) : 0, to = inDateOrder ? firstAbove(ENTERS, f) : DATA.events.length;
    for (var i = from; i < to; i++) {
      if (ENTERS[i] <= f && f < LEAVES[i]) out.push(DATA.events[i]);
    }
    return out;
  }

  // ---- popups and tooltips, built as DOM nodes --------------------------------
  function sourcesList(citations) {
    var ul = el("ul", null, "sources");
    citations.forEach(function (c) { ul.appendChild(el("li", citationText(c))); });
    return ul;
  }
  function popupFor(site) {
    var s = siteState(site, current);
    var box = el("div", null, "popup");
    box.appendChild(el("h3", site.name));
    box.appendChild(el("p", site.kind + ", " + site.region + " - on " + dayLabel(current), "muted"));
    if (s.main) {
      var holder = el("p", null, "holder");
      holder.appendChild(swatch(actorColour(s.main.holder)));
      holder.appendChild(el("b", actorName(s.main.holder)));
      holder.appendChild(document.createTextNode(" since " + s.main.date_label + " (dated to the " +
        s.main.date_precision + "); " + s.main.confidence));
      box.appendChild(holder);
      box.appendChild(el("p", s.main.summary));
      if (s.main.dispute_text) box.appendChild(el("p", s.main.dispute_text, "warn"));
      box.appendChild(sourcesList(s.main.citations));
    } else if (!site.tracked) {
      box.appendChild(el("p", DATA.untracked.label + ".", "muted"));
    } else {
      box.appendChild(el("p", DATA.unknown.label + " on this date.", "warn"));
    }
    if (s.transition) {
      var between = el("p", null, "transition");
      between.appendChild(swatch(s.transition.from ? actorColour(s.transition.from) : DATA.unknown.colour));
      between.appendChild(swatch(s.transition.to ? actorColour(s.transition.to) : DATA.unknown.colour));
      between.appendChild(document.createTextNode(VIEW.words.transition + " " + s.transition.text + "."));
      box.appendChild(between);
    }
    s.claims.forEach(function (claim) {
      var p = el("div", null, "dispute");
      p.appendChild(el("b", VIEW.words.disputed + " "));
      p.appendChild(document.createTextNode(actorName(claim.holder) + " (" + claim.confidence + ", from " +
        claim.date_label + "): " + claim.summary));
      if (claim.dispute_text) p.appendChild(el("span", " (" + claim.dispute_text + ")", "warn"));
      p.appendChild(sourcesList(claim.citations));
      box.appendChild(p);
    });
    function deploymentItem(rec, className) {
      var item = el("div", null, className);
      item.appendChild(assetIcon(rec.asset_kind, actorColour(rec.actor)));
      item.appendChild(document.createTextNode(" " + deploymentText(rec, s)));
      if (rec.dispute_text) item.appendChild(el("span", " (" + rec.dispute_text + ")", "warn"));
      item.appendChild(sourcesList(rec.citations));
      return item;
    }
    if (s.deployments.length) {
      box.appendChild(el("h4", VIEW.words.deployments));
      s.deployments.forEach(function (rec) { box.appendChild(deploymentItem(rec, "deployment")); });
    }
    if (s.leaving.length) {
      box.appendChild(el("h4", VIEW.words.leaving));
      s.leaving.forEach(function (rec) { box.appendChild(deploymentItem(rec, "deployment moving")); });
    }
    return box;
  }

  // ---- map ------------------------------------------------------------------
  var map = L.map("map", { zoomSnap: 0.25, scrollWheelZoom: false });
  window.briefingMap = map; // for overlay.js, which draws an analyst's imported observations
  map.attributionControl.setPrefix("Leaflet");
  // The view first: Leaflet's vector layers need it when they are added.
  // Open on the sites in Libya; sites abroad (Moscow, Berlin...) are a zoom-out away.
  var home = DATA.sites.filter(function (s) { return s.country === "LY"; });
  if (!home.length) home = DATA.sites;
  if (home.length) {
    map.fitBounds(L.latLngBounds(home.map(function (s) { return s.latlon; })).pad(0.2), { maxZoom: 8 });
  } else {
    map.setView([27, 17], 5);
  }
  var outlines = L.geoJSON(BASEMAP, {
    interactive: false,
    attribution: BASEMAP.attribution,
    style: { color: "#9a9384", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 },
  }).addTo(map);
  var tiles = L.tileLayer(VIEW.tile_url, { attribution: VIEW.tile_attribution, maxZoom: 12 });
  tiles.on("tileerror", function () { /* offline: leave the outlines showing */ });
  L.control.layers(null, { "Country outlines (offline)": outlines, "OpenStreetMap (online)": tiles },
    { collapsed: true }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);

  var markers = {}, badges = {};
  var badgeLayer = L.layerGroup().addTo(map);
  var eventLayer = L.layerGroup().addTo(map);
  var labelLayer = L.layerGroup().addTo(map);
  DATA.sites.forEach(function (site) {
    var marker = L.circleMarker(site.latlon, { radius: 9, weight: 2.5, className: "geo-site site-marker site-" + site.id });
    marker.bindPopup(function () { return popupFor(site); }, { maxWidth: 360, maxHeight: 380 });
    markers[site.id] = marker.addTo(map);
  });
  // Names of key sites first, so that a context place's name gives way to them (geoDeclutter, shared with the dashboard).
  DATA.sites.slice().sort(function (a, b) {
    return (a.role === "key" ? 0 : 1) - (b.role === "key" ? 0 : 1) || (a.id < b.id ? -1 : 1);
  }).forEach(function (site) {
    var icon = L.divIcon({ html: el("span", site.name), className: "geo-label site-label" + (site.role === "key" ? " key" : ""),
      iconSize: null, iconAnchor: [0, 0] });
    L.marker(site.latlon, { icon: icon, keyboard: false, interactive: false }).addTo(labelLayer);
  });
  var CLUTTER = { markers: "path.geo-site", first: ".geo-label.key", badges: [".geo-badges", ".geo-events"],
    labels: ".geo-label:not(.key)" };
  var placeAgain = geoWatchClutter(map, CLUTTER);

  // Printing: the map keeps its on-screen size in CSS pixels and is scaled to the page, so the view it
  // shows (every site) is the one printed; nothing has to be redrawn for print.
  var PRINT_BOX = { width: 640, height: 440 };
  function sizeForPrint() {
    var node = document.getElementById("map");
    var width = node.clientWidth, height = node.clientHeight;
    if (!width || !height) return;
    var root = document.documentElement.style;
    root.setProperty("--map-width", width + "px");
    root.setProperty("--map-height", height + "px");
    root.setProperty("--print-zoom", String(Math.min(1, PRINT_BOX.width / width, PRINT_BOX.height / height)));
  }
  sizeForPrint();
  window.addEventListener("resize", sizeForPrint);

  function drawSite(s) {
    var style = DATA.confidence_styles[s.main ? s.main.confidence : "alleged"];
    var colour = s.main ? actorColour(s.main.holder) : DATA.unknown.colour;
    var ring = { color: colour, weight: 2.5, dashArray: style.dashArray };
    if (s.transition) {
      ring = { color: s.transition.from ? actorColour(s.transition.from) : DATA.unknown.colour, weight: 4,
        dashArray: "4 3" };
    }
    var place = DATA.untracked.style, look = !s.main && !s.site.tracked ?
      { color: place.color, weight: place.weight, fillColor: place.fillColor, fillOpacity: place.fillOpacity,
        opacity: place.opacity, dashArray: null, radius: 5 } :
      { color: ring.color, weight: ring.weight, fillColor: colour, fillOpacity: style.fillOpacity,
        opacity: style.opacity, dashArray: ring.dashArray, radius: 9 };
    var marker = markers[s.site.id], key = JSON.stringify(look);
    if (marker.briefingLook !== key) marker.setStyle(look);  // most steps change a site's badges, not its holder
    marker.briefingLook = key;
    if (marker.isPopupOpen()) marker.getPopup().update();
  }
  // A site's badges: one per deployment there, at most VIEW.badge_limit and then one "+N" for the rest
  // (the popup lists them all, the situation table behind "+N more"), drawn on one canvas per site that a
  // step redraws. As DOM nodes, the six hundred badges of a step at 10^5 observations were more than half
  // of its style, layout and paint. The canvas names its badges in its aria-label; the title of the one
  // under the pointer is set when it is hovered.
  var BADGE = { height: 20, border: 2, pad: 3, icon: 14, gap: 2, radius: 4 };
  // Badge pixels per CSS pixel: the screen's own density, and at least PRINT_PIXELS while the page is
  // printed (paper is sampled finer than a screen). Twice the pixels on a one-pixel screen would make the
  // browser composite four times the badge area on every step: where it draws without a GPU, about a sixth
  // of a step's frame at 10^5 observations.
  var PRINT_PIXELS = 2, printing = false;
  function badgePixels() {
    var screen = window.devicePixelRatio || 1;
    return printing ? Math.max(PRINT_PIXELS, screen) : screen;
  }
  var BADGE_PIXELS = badgePixels();
  var rootStyle = getComputedStyle(document.documentElement);
  var INK = rootStyle.getPropertyValue("--ink").trim() || "#1d1d1f";
  var MUTED = rootStyle.getPropertyValue("--muted").trim() || "#5f6368";
  var BADGE_FONT = "600 11.2px " + getComputedStyle(document.body).fontFamily;
  var iconPaths = {}, widths = {}, measuring = document.createElement("canvas").getContext("2d");
  measuring.font = BADGE_FONT;
  function iconPath(kind) {
    return iconPaths[kind] || (iconPaths[kind] = new Path2D(DATA.asset_paths[kind] || "M3 3h10v10H3z"));
  }
  function textWidth(text) {
    if (!Object.prototype.hasOwnProperty.call(widths, text)) widths[text] = Math.ceil(measuring.measureText(text).width);
    return widths[text];
  }
  // What a step draws is copied from images made outside the page, each drawn once: a badge's frame
  // (outline, background and icon) for each look and width, and its text for each ink. Text drawn on a
  // canvas in the page would first bring the page's style up to date (the canvas's font follows its
  // element), which after the rest of a step's changes costs more than all its badges. Frame and text
  // apart, not one image per badge: the counts make some fourteen thousand badge looks at 10^5
  // observations, against a few hundred frames and texts, and an image made during a step costs more than
  // the copy it saves. The images are ImageBitmaps where the browser has OffscreenCanvas (ready to copy, no
  // snapshot of a canvas on each use), canvases elsewhere. At most SPRITES_KEPT are kept.
  var sprites = new Map(), SPRITES_KEPT = 2048;  // past that, the oldest made goes (a few KB each)
  var BITMAPS = typeof OffscreenCanvas === "function" && "transferToImageBitmap" in OffscreenCanvas.prototype;
  function sprite(key, width, draw) {
    var image = sprites.get(key);
    if (image) return image;
    if (sprites.size >= SPRITES_KEPT) sprites.delete(sprites.keys().next().value);
    var canvas = BITMAPS ? new OffscreenCanvas(1, 1) : document.createElement("canvas");
    canvas.width = Math.ceil(width * BADGE_PIXELS);
    canvas.height = Math.ceil(BADGE.height * BADGE_PIXELS);
    var ctx = canvas.getContext("2d");
    ctx.scale(BADGE_PIXELS, BADGE_PIXELS);
    draw(ctx);
    image = BITMAPS ? canvas.transferToImageBitmap() : canvas;
    sprites.set(key, image);
    return image;
  }
  function textSprite(text, ink) {
    return sprite("text " + ink + " " + text, textWidth(text) + 2, function (ctx) {
      ctx.font = BADGE_FONT;
      ctx.textBaseline = "middle";
      ctx.fillStyle = ink;
      ctx.fillText(text, 1, BADGE.height / 2 + 0.5);
    });
  }
  function frameSprite(b) {
    return sprite(["frame", b.colour, b.icon, b.dashed, b.width].join(" "), b.width, function (ctx) {
      ctx.lineWidth = BADGE.border;
      ctx.setLineDash(b.dashed ? [4, 2] : []);
      badgeOutline(ctx, 0, b.width);
      ctx.fillStyle = "#ffffff";
      ctx.fill();
      ctx.strokeStyle = b.colour;
      ctx.stroke();
      if (b.icon) {
        ctx.translate(BADGE.border + BADGE.pad, (BADGE.height - BADGE.icon) / 2);
        ctx.scale(BADGE.icon / 16, BADGE.icon / 16);
        ctx.fillStyle = b.colour;
        ctx.fill(iconPath(b.icon));
      }
    });
  }
  function greyOf(colour) {  // what CSS grayscale(1) makes of a #rrggbb colour
    var n = parseInt(colour.slice(1), 16);
    var v = Math.round(0.2126 * (n >> 16) + 0.7152 * ((n >> 8) & 255) + 0.0722 * (n & 255));
    return "rgb(" + v + "," + v + "," + v + ")";
  }
  // A badge as it is drawn: a deployment's (its actor's colour, its asset's icon, its count), or the "+N".
  function badgeFor(rec, s) {
    var stale = !!s.stale[rec.id], moving = !stale && !!s.notes[rec.id], b = badgeLook(rec, stale);
    b.alpha = stale ? 0.5 : moving ? 0.45 : b.dashed ? 0.75 : 1;
    b.title = function () { return deploymentText(rec, s); };
    return b;
  }
  function badgeLook(rec, stale) {
    var count = rec.count != null ? String(rec.count) : "";
    return {
      colour: stale ? greyOf(actorColour(rec.actor)) : actorColour(rec.actor), icon: rec.asset_kind, text: count,
      ink: INK, dashed: isHedged(rec.confidence), width: badgeWidth(true, count),
    };
  }
  function badgeWidth(icon, text) {  // border, padding, icon and text, with a pixel between icon and text
    return 2 * (BADGE.border + BADGE.pad) + (icon ? BADGE.icon : 0) + (icon && text ? 1 : 0) +
      (text ? textWidth(text) : 0);
  }
  // The images of every deployment's badge, fresh and stale, then of every "+N" a site can show, are made
  // when the browser is idle after the page is drawn, a few milliseconds at a time, while they leave room
  // for SPRITE_ROOM more: a step then seldom makes one (each costs an image).
  var SPRITE_ROOM = 256;
  function makeSpritesWhenIdle() {
    var i = 0, f = 0, most = 0, room = SPRITES_KEPT - SPRITE_ROOM;
    function slice() {
      var t0 = performance.now();
      while (i < DATA.deployments.length && sprites.size < room && performance.now() - t0 < 8) {
        var rec = DATA.deployments[i++];
        [false, true].forEach(function (stale) {
          var b = badgeLook(rec, stale);
          frameSprite(b);
          if (b.text) textSprite(b.text, b.ink);
        });
      }
      for (; i >= DATA.deployments.length && f < DATA.frames.length && performance.now() - t0 < 8; f++) {
        var changed = DATA.frames[f].sites;  // the sites a frame changes: every site's every state, once
        for (var id in changed) {
          most = Math.max(most, (changed[id].deployments || []).length + (changed[id].leaving || []).length);
        }
      }
      if (sprites.size >= room) return;
      if (f < DATA.frames.length) { idle(slice); return; }
      for (var n = 1; n <= most - VIEW.badge_limit && sprites.size < room; n++) {
        var more = moreBadge(n);
        frameSprite(more);
        textSprite(more.text, more.ink);
      }
    }
    idle(slice);
  }
  function moreBadge(n) {
    var text = "+" + n;
    return { colour: "#555555", icon: null, text: text, ink: MUTED, dashed: false, alpha: 1,
      width: badgeWidth(false, text), title: null };
  }
  function badgeOutline(ctx, x, w) {
    var b = BADGE.border / 2, r = BADGE.radius, top = b, bottom = BADGE.height - b, left = x + b, right = x + w - b;
    ctx.beginPath();
    ctx.moveTo(left + r, top);
    ctx.arcTo(right, top, right, bottom, r);
    ctx.arcTo(right, bottom, left, bottom, r);
    ctx.arcTo(left, bottom, left, top, r);
    ctx.arcTo(left, top, right, top, r);
    ctx.closePath();
  }
  // The canvas only grows (resizing one resets its context and reallocates it); its box (.badges) is as
  // wide as the badges it shows.
  function paintBadges(box, list) {
    var spans = spansOf(list), width = spans[spans.length - 1][1];
    var canvas = box.firstChild, ctx = canvas.getContext("2d");
    if (canvas.width < Math.ceil(width * BADGE_PIXELS) || canvas.briefingPixels !== BADGE_PIXELS) {
      canvas.briefingPixels = BADGE_PIXELS;
      canvas.width = Math.ceil(Math.max(width + 40, width * 1.5) * BADGE_PIXELS);
      canvas.height = Math.ceil(BADGE.height * BADGE_PIXELS);
      canvas.style.width = canvas.width / BADGE_PIXELS + "px";
      canvas.style.height = BADGE.height + "px";
      ctx.scale(BADGE_PIXELS, BADGE_PIXELS);
    } else {
      ctx.clearRect(0, 0, canvas.width / BADGE_PIXELS, BADGE.height);
    }
    box.style.width = width + "px";
    list.forEach(function (b, i) {
      var x = spans[i][0];
      ctx.globalAlpha = b.alpha;
      ctx.drawImage(frameSprite(b), x, 0, b.width, BADGE.height);
      if (b.text) {
        var text = textSprite(b.text, b.ink);
        ctx.drawImage(text, x + BADGE.border + BADGE.pad + (b.icon ? BADGE.icon : -1), 0,
          text.width / BADGE_PIXELS, BADGE.height);
      }
    });
    canvas.briefingBadges = spans;
  }
  function spansOf(list) {  // each badge's left and right edge on its canvas, and its title
    var x = 0;
    return list.map(function (b) {
      var span = [x, x + b.width, b.title];
      x += b.width + BADGE.gap;
      return span;
    });
  }
  document.getElementById("map").addEventListener("mousemove", function (event) {
    var canvas = event.target;
    if (!canvas.briefingBadges) return;
    var x = event.clientX - canvas.getBoundingClientRect().left;
    var span = canvas.briefingBadges.filter(function (b) { return b[0] <= x && x < b[1] + BADGE.gap; })[0];
    var title = span && span[2] ? span[2]() : "";
    if (canvas.title !== title) canvas.title = title;
  });
  function drawBadges(s) {
    // A site left with no deployments keeps its badge marker off the map, to come back with its canvas.
    var id = s.site.id, shown = s.deployments.concat(s.leaving), limit = VIEW.badge_limit, marker = badges[id];
    if (!shown.length) {
      if (marker && badgeLayer.hasLayer(marker)) badgeLayer.removeLayer(marker);
      return;
    }
    var list = shown.slice(0, limit).map(function (rec) { return badgeFor(rec, s); });
    if (shown.length > limit) list.push(moreBadge(shown.length - limit));
    var box = marker ? marker.options.icon.options.html : el("span", null, "badges"), canvas = box.firstChild;
    if (!canvas) {
      box.setAttribute("data-site", id);
      canvas = box.appendChild(el("canvas"));
      canvas.width = canvas.height = 0;  // sized by paintBadges
      canvas.setAttribute("role", "img");
    }
    var named = list.map(function (b) { return b.title ? b.title() : b.text + " more"; }).join("; ");
    if (canvas.getAttribute("aria-label") !== named) canvas.setAttribute("aria-label", named);
    canvas.setAttribute("data-badges", String(list.length));
    var looks = list.map(function (b) { return [b.colour, b.icon, b.text, b.dashed, b.alpha].join(" "); }).join("|");
    if (canvas.briefingLooks !== looks) paintBadges(box, list);  // a step that changes only the notes draws nothing
    else canvas.briefingBadges = spansOf(list);
    canvas.briefingLooks = looks;
    if (canvas.title) canvas.title = "";  // set again, for the badge now under the pointer, when it moves
    if (marker) {
      if (!badgeLayer.hasLayer(marker)) badgeLayer.addLayer(marker);
      return;
    }
    var icon = L.divIcon({ html: box, className: "badge-icon geo-badges", iconSize: null, iconAnchor: [0, 0] });
    marker = L.marker(SITES[id].latlon, { icon: icon, keyboard: false });
    inSiteOrder(marker, id);
    marker.on("click", function () { markers[id].openPopup(); });
    badges[id] = marker.addTo(badgeLayer);
  }
  // Badges and event marks taken off the map and put back come last in the page; geoDeclutter places them
  // in the order of their sites instead, so that a date looks the same whichever date came before.
  var SITE_ORDER = {};
  DATA.sites.forEach(function (site, k) { SITE_ORDER[site.id] = k; });
  function inSiteOrder(marker, id) {
    marker.on("add", function () { marker.getElement().geoOrder = SITE_ORDER[id]; });
  }
  // One mark per site with recent events; a step changes only the marks whose events differ.
  function eventsTip(events) {
    return el("span", events.map(function (e) { return e.date_label + ": " + e.summary; }).join(" / "));
  }
  function drawEvents(events) {
    var bySite = groupBySite(events.filter(function (e) { return e.site_id; }));
    Object.keys(eventMarks).forEach(function (siteId) {
      if (bySite[siteId]) return;
      eventLayer.removeLayer(eventMarks[siteId].marker);
      delete eventMarks[siteId];
    });
    Object.keys(bySite).forEach(function (siteId) {
      var ids = bySite[siteId].map(function (e) { return e.id; }).join(" "), mark = eventMarks[siteId];
      if (mark && mark.events === ids) return;
      if (mark) {
        mark.marker.setTooltipContent(eventsTip(bySite[siteId]));
        mark.events = ids;
        return;
      }
      var icon = L.divIcon({ html: el("span", "!", "event-mark"), className: "event-icon geo-events", iconSize: [16, 16],
        iconAnchor: [0, 0] });
      var marker = L.marker(SITES[siteId].latlon, { icon: icon, keyboard: false });
      inSiteOrder(marker, siteId);
      marker.bindTooltip(eventsTip(bySite[siteId]), { direction: "top", className: "event-tip" });
      eventMarks[siteId] = { events: ids, marker: marker.addTo(eventLayer) };
    });
  }

  // ---- situation table and events list ----------------------------------------
  function tableRow(s, far) {
    var tr = el("tr");
    tr.setAttribute("data-site", s.site.id);
    tr.appendChild(el("td", s.site.name, "site"));
    var holder = el("td", null, "holder");
    holder.appendChild(swatch(s.main ? actorColour(s.main.holder) : s.site.tracked ? DATA.unknown.colour : "#ffffff"));
    holder.appendChild(document.createTextNode(s.main ? actorName(s.main.holder) :
      s.site.tracked ? DATA.unknown.label : DATA.untracked.label));
    tr.appendChild(holder);
    var since = s.main ? s.main.date_label : "";
    if (s.transition) since += (since ? "; " : "") + "in transition " + s.transition.text;
    tr.appendChild(el("td", since, "since"));
    tr.appendChild(el("td", s.main ? s.main.confidence : "", "confidence"));
    tr.appendChild(far ? el("td", null, "deployments pending") : deploymentsCell(s));
    tr.appendChild(el("td", s.claims.map(function (c) {
      return actorName(c.holder) + " (" + c.confidence + ")";
    }).join("; "), "disputes"));
    return tr;
  }
  // A site's deployments, every one: the first VIEW.badge_limit in the cell, then a "+N more" button
  // that shows the rest below it. The rest is written when the button is first pressed, or before
  // printing (fillMore), which shows it whether pressed or not: at 10^5 observations a site may have
  // hundreds. A button, not a <details>: fifty <details> made anew were most of a step's style work.
  function deploymentsCell(s) {
    var shown = s.deployments.concat(s.leaving), limit = VIEW.badge_limit;
    var cell = el("td", shown.slice(0, limit).map(function (rec) { return deploymentText(rec, s); }).join("; "),
      "deployments");
    if (shown.length > limit) {
      var more = el("button", "+" + (shown.length - limit) + " more", "more");
      more.type = "button";
      more.setAttribute("aria-expanded", "false");
      cell.appendChild(more);
      cell.briefingRest = function () {
        return shown.slice(limit).map(function (rec) { return deploymentText(rec, s); }).join("; ");
      };
    }
    return cell;
  }
  function fillMore(cell) {
    if (!cell.briefingRest) return;
    var rest = el("span", cell.briefingRest(), "rest");
    rest.hidden = true;
    cell.appendChild(rest);
    cell.briefingRest = null;
  }
  function fillAllMore() {
    Array.prototype.forEach.call(situationBody.querySelectorAll("td.deployments"), fillMore);
  }
  function toggleMore(button) {
    var cell = button.parentNode, open = button.getAttribute("aria-expanded") !== "true";
    fillMore(cell);
    cell.querySelector(".rest").hidden = !open;
    button.setAttribute("aria-expanded", String(open));
  }
  function eventItem(e) {
    var li = el("li");
    li.appendChild(el("b", e.date_label + " "));
    var where = e.site_id && SITES[e.site_id] ? SITES[e.site_id].name + ": " : "";
    li.appendChild(document.createTextNode(where + e.kind + ": " + e.summary + " (" + e.confidence + ")"));
    li.appendChild(sourcesList(e.citations));
    return li;
  }
  // ---- the change log: one row per change in DATA.changes, in the words geo.core.text gives it ----
  // A row names its record, which brings its confidence, citations and summary: the summary goes
  // between text and text_after when the line quotes it, and before note_after in the note below.
  function changeRow(row) {
    var rec = BY_ID[row.record];
    var tr = el("tr", null, row.kind);
    var date = el("td"), button = el("button", row.label);
    button.type = "button";
    button.setAttribute("data-date", row.day);
    date.appendChild(button);
    tr.appendChild(date);
    var line = el("td", row.text_after == null ? row.text : row.text + rec.summary + row.text_after);
    if (row.note_after != null) {
      line.appendChild(el("br"));
      line.appendChild(el("span", rec.summary + row.note_after, "muted"));
    }
    tr.appendChild(line);
    tr.appendChild(el("td", rec.confidence, "confidence" + (isHedged(rec.confidence) ? " hedged" : "")));
    var sources = el("td", null, "sources");
    rec.citations.forEach(function (c, i) {
      if (i) sources.appendChild(el("br"));
      sources.appendChild(document.createTextNode(citationText(c)));
    });
    tr.appendChild(sources);
    return tr;
  }
  // Drawn after the first paint, a few milliseconds at a time, so that the map and the slider come
  // first; all at once before printing. LOG_PART rows make a part: its own table with the columns of
  // the first, which the browser lays out only when it is on screen or printed (content-visibility).
  // Every part is placed, empty, before the first is filled, so that filling one off screen changes
  // nothing on screen. #changes gets data-complete when every row is in it.
  var LOG_PART = 200, LOG_SLICE_MS = 8;
  var logBox = document.getElementById("changes");
  var logBodies = [logBox.querySelector("tbody")];
  var logDrawn = 0;
  function placeLogParts() {
    var first = logBox.querySelector(".log-part"), fragment = document.createDocumentFragment();
    for (var k = LOG_PART; k < DATA.changes.length; k += LOG_PART) {
      var part = el("div", null, "log-part"), table = el("table"), body = el("tbody");
      table.appendChild(first.querySelector("colgroup").cloneNode(true));
      table.appendChild(body);
      part.appendChild(table);
      fragment.appendChild(part);
      logBodies.push(body);
    }
    logBox.appendChild(fragment);
  }
  function drawLogPart() {
    var body = logBodies[logDrawn / LOG_PART], fragment = document.createDocumentFragment();
    for (var end = Math.min(logDrawn + LOG_PART, DATA.changes.length); logDrawn < end; logDrawn++) {
      fragment.appendChild(changeRow(DATA.changes[logDrawn]));
    }
    body.appendChild(fragment);
  }
  function drawLog(more) {
    var t0 = performance.now();
    if (logBodies.length === 1 && DATA.changes.length > LOG_PART) placeLogParts();
    while (logDrawn < DATA.changes.length && more(t0)) drawLogPart();
    if (logDrawn === DATA.changes.length) logBox.setAttribute("data-complete", "");
    return logDrawn === DATA.changes.length;
  }
  function drawLogSlices() {
    if (!drawLog(function (t0) { return performance.now() - t0 < LOG_SLICE_MS; })) setTimeout(drawLogSlices, 0);
  }
  function drawWholeLog() {
    drawLog(function () { return true; });
  }
  function afterNextPaint(fn) {
    var started = false;
    function once() { if (!started) { started = true; fn(); } }
    requestAnimationFrame(function () { setTimeout(once, 0); });
    setTimeout(once, 1000);  // a page opened in the background paints no frame
  }

  // A list put in the place of another, whole: taking a node out with its children costs far less
  // than taking the children out one by one.
  function replaceList(old, items) {
    var list = old.cloneNode(false);
    items.forEach(function (item) { list.appendChild(item); });
    old.replaceWith(list);
    return list;
  }

  // ---- the slider ---------------------------------------------------------------
  // A step changes only what depends on the frame it reaches: the sites whose state differs from the
  // frame drawn before (their marker, badges and table row) and the events list when its events differ.
  var slider = document.getElementById("slider");
  var current = VIEW.at;
  var states = [];  // DATA.sites index -> the state drawn for it
  var nearEvents = [];
  var drawnFrame, drawnSites = {};
  var situationBody = document.querySelector("#situation tbody");
  var situationRows = {};  // site id -> its row in the situation table
  var eventsList = document.getElementById("events-near");
  var eventItems = {};  // event id -> its list item, made when first listed
  var eventMarks = {};  // site id -> {events: ids joined, marker}
  var dateRefs = Array.prototype.slice.call(document.querySelectorAll(".date-ref"));  // once: the log makes the page long

  // A row more than a screen away from the viewport is drawn without its deployments (at 10^5
  // observations a dozen long lines, most of a step's layout); the cell is filled when the row comes
  // near the viewport, when the browser is idle (a few rows at a time) and, all at once, before printing.
  var FILL_AT_ONCE = 4;
  var farRows = {};      // site id -> true while its row is more than a screen from the viewport
  var pendingCells = {};  // site id -> the state whose deployments its row's cell still lacks
  var rowWatch = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      var id = entry.target.getAttribute("data-site");
      farRows[id] = !entry.isIntersecting;
      if (entry.isIntersecting) fillCell(id);
    });
  }, { rootMargin: "100% 0px" }) : null;
  function fillCell(id) {
    var s = pendingCells[id];
    if (!s) return;
    delete pendingCells[id];
    var cell = situationRows[id].querySelector("td.deployments");
    cell.replaceWith(deploymentsCell(s));
  }
  function fillAllCells() {  // and every "+N more", for printing
    Object.keys(pendingCells).forEach(fillCell);
    fillAllMore();
  }
  var idle = window.requestIdleCallback || function (fn) { return setTimeout(fn, 50); }, filling = false;
  function fillWhenIdle() {
    if (filling) return;
    filling = true;
    idle(function () {
      filling = false;
      Object.keys(pendingCells).slice(0, FILL_AT_ONCE).forEach(fillCell);
      if (Object.keys(pendingCells).length) fillWhenIdle();
    });
  }
  function drawSituationRow(s) {
    var id = s.site.id, far = farRows[id] === true, old = situationRows[id];
    var row = tableRow(s, far);
    if (far) pendingCells[id] = s; else delete pendingCells[id];
    if (old) {
      situationBody.replaceChild(row, old);
      if (rowWatch) rowWatch.unobserve(old);
    } else {
      situationBody.appendChild(row);
    }
    if (rowWatch) rowWatch.observe(row);
    situationRows[id] = row;
  }
  function sameEvents(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  // The list shows its first EVENTS_AT_ONCE events at once and, after the next frame unless another step
  // comes first, up to EVENTS_LISTED, then a "+N more events" button that lists the rest (at 10^5
  // observations a month may hold hundreds, which each step would otherwise take out and put in).
  var EVENTS_AT_ONCE = 30, EVENTS_LISTED = 100, eventsLater = 0;
  function eventNode(e) {
    return eventItems[e.id] || (eventItems[e.id] = eventItem(e));
  }
  function moreEventsItem(events, from) {
    var li = el("li", null, "more-events"), button = el("button", "+" + (events.length - from) + " more events", "more");
    button.type = "button";
    button.addEventListener("click", function () {
      var fragment = document.createDocumentFragment();
      events.slice(from).forEach(function (e) { fragment.appendChild(eventNode(e)); });
      li.replaceWith(fragment);
    });
    li.appendChild(button);
    return li;
  }
  function drawEventsList(events) {
    var token = ++eventsLater;
    eventsList = replaceList(eventsList, events.length ? events.slice(0, EVENTS_AT_ONCE).map(eventNode) :
      [el("li", VIEW.words.no_events, "muted")]);
    if (events.length <= EVENTS_AT_ONCE) return;
    requestAnimationFrame(function () {
      setTimeout(function () {
        if (token !== eventsLater) return;
        var items = events.slice(0, EVENTS_LISTED).map(eventNode);
        if (events.length > EVENTS_LISTED) items.push(moreEventsItem(events, EVENTS_LISTED));
        eventsList = replaceList(eventsList, items);
      }, 0);
    });
  }
  // A step draws the map at once, and the side panel's events list and the situation table in a task after
  // the frame that shows the map: at 10^5 observations the table and the list are most of a step's layout,
  // and the map, which the analyst watches while dragging, need not wait for them. Steps that come before
  // that task are drawn in it together, each row in its latest state. #situation's data-date names the day
  // the table shows; setDate (the page's API) and printing draw everything at once.
  var situationTable = document.getElementById("situation");
  var due = null;  // {rows: site id -> state, events: list or null} while the table and list lag the map
  function stepTo(iso) {
    var i = Math.max(0, Math.min(dayIndex(iso), +slider.max));
    current = toIso(toMs(DATA.period.start) + i * DAY_MS);
    slider.value = String(i);
    document.getElementById("date-label").textContent = dayLabel(current) + " (" + current + ")";
    if (!due) {
      due = { rows: {}, events: null };
      afterNextPaint(drawDue);
    }
    var frame = frameAt(current);
    if (frame === drawnFrame) return current;  // the same frame: the same state, nothing to redraw
    drawnFrame = frame;
    DATA.sites.forEach(function (site, k) {
      var id = site.id, key = frame ? frame.sites[id] : undefined;
      if (Object.prototype.hasOwnProperty.call(drawnSites, id) && drawnSites[id] === key) return;  // unchanged
      drawnSites[id] = key;
      var s = states[k] = siteState(site, current);
      drawSite(s); drawBadges(s);
      if (site.country === "LY") due.rows[id] = s;
    });
    var near = eventsNear(current);
    if (!sameEvents(near, nearEvents) || !eventsList.firstChild) {
      nearEvents = near;
      drawEvents(near);
      due.events = near;
    }
    placeAgain();
    return current;
  }
  function drawDue() {
    if (!due) return;
    var rows = due.rows, events = due.events;
    due = null;
    Object.keys(rows).forEach(function (id) { drawSituationRow(rows[id]); });
    if (events) drawEventsList(events);
    dateRefs.forEach(function (n) { n.textContent = dayLabel(current); });
    situationTable.setAttribute("data-date", current);
    if (Object.keys(pendingCells).length) fillWhenIdle();
  }
  function setDate(iso) {
    stepTo(iso);
    drawDue();
    return current;
  }
  function changeAfter(t) {  // DATA.change_days is sorted: the first day after t, by binary search
    var lo = 0, hi = DATA.change_days.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (DATA.change_days[mid] > t) hi = mid; else lo = mid + 1;
    }
    return lo < DATA.change_days.length ? DATA.change_days[lo] : null;
  }
  function changeBefore(t) {
    var lo = 0, hi = DATA.change_days.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (DATA.change_days[mid] < t) lo = mid + 1; else hi = mid;
    }
    return lo ? DATA.change_days[lo - 1] : null;
  }

  var timer = null;
  var playButton = document.getElementById("play");
  function stop() {
    if (timer) clearInterval(timer);
    timer = null;
    playButton.textContent = "Play";
  }
  function play() {
    if (!changeAfter(current)) setDate(DATA.period.start);
    playButton.textContent = "Pause";
    timer = setInterval(function () {
      var next = changeAfter(current);
      if (next) stepTo(next); else stop();
    }, PLAY_STEP_MS);
  }
  playButton.addEventListener("click", function () { if (timer) stop(); else play(); });
  document.getElementById("prev").addEventListener("click", function () {
    stop();
    var d = changeBefore(current);
    if (d) stepTo(d);
  });
  document.getElementById("next").addEventListener("click", function () {
    stop();
    var d = changeAfter(current);
    if (d) stepTo(d);
  });
  slider.addEventListener("input", function () {
    stop();
    stepTo(toIso(toMs(DATA.period.start) + +slider.value * DAY_MS));
  });
  // The change log's date buttons, drawn later and in chunks: one listener on the table for all of them.
  document.getElementById("changes").addEventListener("click", function (event) {
    var button = event.target.closest("button[data-date]");
    if (!button) return;
    stop();
    stepTo(button.getAttribute("data-date"));
  });

  setDate(current);
  geoDeclutter(map, CLUTTER);  // at once, so that a page printed as soon as it loads is placed too
  window.addEventListener("beforeprint", drawWholeLog);
  // Every badge drawn again at a new density (printing, its end, a browser zoom or another screen), from
  // images made anew at it.
  function repaintBadgesAt(pixels) {
    if (pixels === BADGE_PIXELS) return;
    BADGE_PIXELS = pixels;
    sprites.clear();
    states.forEach(function (s) {
      var marker = badges[s.site.id];
      if (marker) marker.options.icon.options.html.firstChild.briefingLooks = null;
      drawBadges(s);
    });
    if (!printing) makeSpritesWhenIdle();
  }
  function printed(now) {
    printing = now;
    repaintBadgesAt(badgePixels());
  }
  function drawAllForPrint() { printed(true); drawDue(); fillAllCells(); }
  window.addEventListener("beforeprint", drawAllForPrint);
  window.addEventListener("afterprint", function () { printed(false); });
  window.matchMedia("print").addEventListener("change", function (e) {
    if (e.matches) drawAllForPrint(); else printed(false);
  });
  window.addEventListener("resize", function () { repaintBadgesAt(badgePixels()); });
  situationBody.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("td.deployments > button.more");
    if (button) toggleMore(button);
  });
  afterNextPaint(drawLogSlices);
  afterNextPaint(makeSpritesWhenIdle);

  window.briefing = {
    setDate: setDate,
    drawWholeLog: drawWholeLog,
    play: play,
    stop: stop,
    state: function () {
      var sites = {};
      states.forEach(function (s) {  // every site: the first step draws them all
        sites[s.site.id] = {
          holder: s.main ? s.main.holder : null,
          colour: s.main ? actorColour(s.main.holder) : DATA.unknown.colour,
          confidence: s.main ? s.main.confidence : null,
          claims: s.claims.map(function (c) { return c.id; }),
          deployments: s.deployments.map(function (d) { return d.id; }),
          leaving: s.leaving.map(function (d) { return d.id; }),
          transition: s.transition ? [s.transition.from, s.transition.to] : null,
        };
      });
      return { date: current, sites: sites, events: nearEvents.map(function (e) { return e.id; }) };
    },
  };
})();
