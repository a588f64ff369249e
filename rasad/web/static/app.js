// rasad web map: events, control at the slider's date, places; details with evidence.
"use strict";
(function () {
  var D = window.rasadDom, el = D.el, clear = D.clear;
  var TYPE_COLORS = {
    "Battles": "#d7301f", "Explosions/Remote violence": "#fc8d59",
    "Violence against civilians": "#7b3294", "Protests": "#1a9850", "Riots": "#fee08b",
    "Strategic developments": "#2b8cbe"
  };
  var DAY = 86400000;
  var state = { config: {}, summary: {}, start: null, types: {}, timer: null, netLoaded: false,
    fitted: false, loading: 0 };
  // Date, filters and view live in the page's URL: a reload or a shared link restores them.
  var initial = new URLSearchParams(window.location.search);

  var map = L.map("map", { zoomControl: true, preferCanvas: false, attributionControl: true });
  map.attributionControl.setPrefix(false);
  map.setView([35, 38.5], 7);
  var basemapLayer = L.geoJSON(null, { style: basemapStyle, interactive: false }).addTo(map);
  var labelLayer = L.layerGroup().addTo(map);
  var controlLayer = L.layerGroup().addTo(map);
  var placesLayer = L.layerGroup().addTo(map);
  // Events above the control pins (markerPane, 600) so co-located ones stay clickable.
  map.createPane("events").style.zIndex = "650";
  var eventsLayer = L.layerGroup().addTo(map);
  var tiles = null;

  function basemapStyle(f) {
    var district = f.properties && f.properties.layer === "admin2";
    return { color: district ? "#9aa5b1" : "#5f6b79", weight: district ? 0.6 : 1.4,
      dashArray: district ? "3 3" : null, fillColor: "#e9edf1", fillOpacity: district ? 0 : 0.55 };
  }

  function iso(ms) { return new Date(ms).toISOString().slice(0, 10); }
  function sliderDate() { return iso(state.start + Number(byId("slider").value) * DAY); }
  function byId(id) { return document.getElementById(id); }

  function textTooltip(layer, text, permanent) {
    layer.bindTooltip(el("span", {}, text), { permanent: !!permanent,
      direction: permanent ? "bottom" : "right", offset: permanent ? [0, 6] : [10, 0],
      className: permanent ? "label-tip" : "" });
  }

  // ------------------------------------------------------------ start-up
  Promise.all([D.getJSON("/api/config"), D.getJSON("/api/summary")]).then(function (r) {
    state.config = r[0]; state.summary = r[1];
    renderSummary(); setupSlider(); setupTypes(); setupTiles(); legend(); setupTicks();
    restoreFromUrl(); fitToData();
    loadBasemap(); loadPlaces(); refresh();
  }).catch(showError);

  function renderSummary() {
    var s = state.summary;
    clear(byId("summary")).appendChild(el("span", {}, [
      el("b", {}, String(s.events)), " events · ", el("b", {}, String(s.documents)),
      " reports · ", el("b", {}, String(s.places)), " places · ",
      el("b", {}, String(s.actors)), " actors"]));
  }

  function setupSlider() {
    var s = state.summary;
    var min = Date.parse(s.date_min || iso(Date.now())), max = Date.parse(s.date_max || iso(Date.now()));
    state.start = min - 7 * DAY;  // room before the first event: the "before" picture
    var days = Math.round((max + 7 * DAY - state.start) / DAY);
    var slider = byId("slider");
    slider.max = String(days); slider.value = String(days);
    byId("date-min").textContent = iso(state.start);
    byId("date-max").textContent = iso(state.start + days * DAY);
    slider.addEventListener("input", scheduleRefresh);
    byId("window").addEventListener("change", scheduleRefresh);
    ["search", "actor"].forEach(function (id) { byId(id).addEventListener("input", scheduleRefresh); });
    byId("confidence").addEventListener("input", function () {
      byId("conf-label").textContent = Number(this.value).toFixed(2); scheduleRefresh();
    });
    [["layer-events", eventsLayer], ["layer-control", controlLayer], ["layer-places", placesLayer]]
      .forEach(function (pair) {
        byId(pair[0]).addEventListener("change", function () {
          if (this.checked) map.addLayer(pair[1]); else map.removeLayer(pair[1]);
        });
      });
  }

  function setupTicks() {
    D.getJSON("/api/control?date=" + iso(state.start)).then(function (fc) {
      var list = clear(byId("ticks"));
      fc.features.forEach(function (f) {
        var until = f.properties.until;
        if (until) list.appendChild(el("option", { value: Math.round((Date.parse(until) - state.start) / DAY) }));
      });
    }).catch(showError);
  }

  function setupTypes() {
    var box = clear(byId("types"));
    var seen = {};
    (state.summary.by_type || []).forEach(function (t) { seen[t.event_type] = (seen[t.event_type] || 0) + t.n; });
    Object.keys(TYPE_COLORS).forEach(function (type) {
      state.types[type] = true;
      var input = el("input", { type: "checkbox", checked: true, "data-type": type });
      input.addEventListener("change", function () { state.types[type] = this.checked; scheduleRefresh(); });
      box.appendChild(el("label", { class: "type" }, [input,
        el("span", { class: "swatch", style: { background: TYPE_COLORS[type] } }),
        type + (seen[type] ? " (" + seen[type] + ")" : "")]));
    });
  }

  function setupTiles() {
    var box = byId("layer-tiles"), note = byId("basemap-note");
    if (!state.config.tile_url) {
      box.disabled = true;
      note.textContent = "Offline basemap: no tile server configured (rasad serve --tiles URL).";
      return;
    }
    tiles = L.tileLayer(state.config.tile_url, { attribution: state.config.tile_attribution || "" });
    box.checked = true; tiles.addTo(map);
    box.addEventListener("change", function () { if (this.checked) tiles.addTo(map); else map.removeLayer(tiles); });
  }

  function loadBasemap() {
    D.getJSON("/api/basemap").then(function (fc) {
      fc.features.forEach(function (f) {
        if (f.geometry.type === "Point") {
          var ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
          var district = f.properties.layer === "admin2-label";
          L.marker(ll, { icon: L.divIcon({ className: district ? "gov-label district-label" : "gov-label",
            html: "", iconSize: null }), interactive: false, keyboard: false }).addTo(labelLayer)
            .getElement().textContent = f.properties.name;
        } else {
          basemapLayer.addData(f);
        }
      });
      if (fc.attribution) map.attributionControl.addAttribution(fc.attribution);
      setTimeout(declutter, 0);
    }).catch(showError);
  }

  // The first view: the URL's, else the data's extent (the countries most events are in).
  function fitToData() {
    if (state.fitted) return;
    state.fitted = true;
    var e = state.summary.extent;
    if (e) map.fitBounds([[e[1], e[0]], [e[3], e[2]]], { padding: [30, 30], maxZoom: 10, animate: false });
  }

  function restoreFromUrl() {
    var q = initial, day = q.get("date");
    if (day && !isNaN(Date.parse(day))) {
      var slider = byId("slider");
      var value = Math.round((Date.parse(day) - state.start) / DAY);
      slider.value = String(Math.max(0, Math.min(Number(slider.max), value)));
    }
    if (q.get("window") !== null) byId("window").value = q.get("window");
    byId("search").value = q.get("q") || "";
    byId("actor").value = q.get("actor") || "";
    if (q.get("conf")) {
      byId("confidence").value = q.get("conf");
      byId("conf-label").textContent = Number(q.get("conf")).toFixed(2);
    }
    if (q.get("types") !== null) {
      var on = q.get("types").split(",");
      document.querySelectorAll("#types input").forEach(function (input) {
        var type = input.dataset.type;
        state.types[type] = input.checked = on.indexOf(type) >= 0;
      });
    }
    var view = (q.get("view") || "").split(",").map(Number);
    if (view.length === 3 && view.every(isFinite)) {
      // No animation: the first refresh must read the restored view, not a frame of it.
      map.setView([view[0], view[1]], view[2], { animate: false });
      state.fitted = true;
    }
  }

  function saveToUrl(day) {
    var q = new URLSearchParams(), c = map.getCenter();
    q.set("date", day);
    q.set("window", byId("window").value);
    var types = Object.keys(state.types).filter(function (t) { return state.types[t]; });
    if (types.length !== Object.keys(state.types).length) q.set("types", types.join(","));
    if (byId("search").value.trim()) q.set("q", byId("search").value.trim());
    if (byId("actor").value.trim()) q.set("actor", byId("actor").value.trim());
    if (Number(byId("confidence").value) > 0) q.set("conf", byId("confidence").value);
    q.set("view", [c.lat.toFixed(4), c.lng.toFixed(4), map.getZoom()].join(","));
    window.history.replaceState(null, "", "?" + q.toString());
  }

  function loadPlaces() {
    D.getJSON("/api/places").then(function (body) {
      placesLayer.clearLayers();
      body.places.forEach(function (p) {
        if (p.latitude === null || p.longitude === null) return;
        var m = L.circleMarker([p.latitude, p.longitude], { radius: 3, color: "#222", weight: 1,
          fillColor: "#fff", fillOpacity: 1, className: "place-marker" });
        textTooltip(m, p.name + (p.name_ar ? " · " + p.name_ar : ""), body.places.length <= 40);
        m.addTo(placesLayer);
      });
    }).catch(showError);
  }

  // ------------------------------------------------------------ refresh on slider/filter change
  function scheduleRefresh() {
    byId("date-label").textContent = sliderDate();
    clearTimeout(state.timer);
    state.timer = setTimeout(refresh, 120);
  }

  function eventParams(day) {
    var p = new URLSearchParams();
    var win = Number(byId("window").value);
    if (win >= 0) {
      p.set("until", day);
      if (win > 0) p.set("since", iso(Date.parse(day) - win * DAY));
    }
    var b = map.getBounds();
    p.set("bbox", [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(4); }).join(","));
    Object.keys(state.types).forEach(function (t) { if (state.types[t]) p.append("event_type", t); });
    if (byId("search").value.trim()) p.set("q", byId("search").value.trim());
    if (byId("actor").value.trim()) p.set("actor", byId("actor").value.trim());
    if (Number(byId("confidence").value) > 0) p.set("min_confidence", byId("confidence").value);
    p.set("limit", "2000");
    return p;
  }

  function refresh() {
    var day = sliderDate();
    byId("date-label").textContent = day;
    byId("control-date").textContent = day;
    document.body.setAttribute("data-date", day);
    saveToUrl(day);
    loading(1);
    var pending = [loadControl(day), loadEvents(day), loadUnplaced(day)];
    Promise.all(pending).then(function () { document.body.setAttribute("data-ready", day); })
      .catch(showError).then(function () { loading(-1); });
  }

  // A spinner while any refresh is under way (several can overlap while the slider moves).
  function loading(delta) {
    state.loading += delta;
    byId("loading").classList.toggle("hidden", state.loading <= 0);
    document.body.toggleAttribute("data-loading", state.loading > 0);
  }

  function readableText(hex) {
    var n = parseInt(String(hex || "#999999").slice(1), 16);
    var lum = 0.299 * (n >> 16) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255);
    return lum > 150 ? "#111" : "#fff";
  }

  // A badge per place: fill = sponsor bloc, border = holder, dashed = inferred.
  function controlBadge(p) {
    var h = p.holder, inferred = p.status !== "held";
    var badge = el("div", { class: "badge" + (inferred ? " inferred" : ""),
      "data-holder": h.id || "", "data-status": p.status, "data-place": p.place, "data-sites": p.sites || 0 },
      [el("span", { class: "badge-place" }, (p.name || p.place) + ": "),
       el("span", { class: "badge-holder" }, h.name || "unknown"),
       p.sites ? el("span", { class: "badge-sites" }, " · " + p.sites + " sites") : null]);
    Object.assign(badge.style, { background: h.bloc_color, borderColor: h.color, color: readableText(h.bloc_color) });
    var pin = el("div", { class: "pin" + (inferred ? " inferred" : ""), "data-holder": h.id || "" });
    Object.assign(pin.style, { background: h.bloc_color, borderColor: h.color });
    return el("div", { class: "control-marker" }, [pin, badge]);
  }

  function loadControl(day) {
    return D.getJSON("/api/control?date=" + day).then(function (fc) {
      controlLayer.clearLayers();
      var list = clear(byId("control-list"));
      fc.features.forEach(function (f) {
        var p = f.properties, h = p.holder, c = f.geometry.coordinates;
        var inferred = p.status !== "held";
        var m = L.marker([c[1], c[0]], { icon: L.divIcon({ className: "control-icon", html: controlBadge(p),
          iconSize: null, iconAnchor: [6, 6] }), zIndexOffset: 500, keyboard: false });
        textTooltip(m, (p.name || p.place) + ": " + h.name + (h.bloc_name && h.bloc_name !== h.name ? " (" + h.bloc_name + ")" : "") +
          (inferred ? " — before " + p.until + ", inferred from the handover" : " — since " + p.since), false);
        m.on("click", function () { showPlace(p); });
        m.addTo(controlLayer);
        list.appendChild(el("li", { "data-place": p.place, "data-holder": h.id || "", "data-status": p.status }, [
          el("span", { class: "swatch round", style: { background: h.bloc_color, borderColor: h.color } }),
          el("span", { class: "place", dir: "auto" }, p.name || p.place), " ",
          el("span", { class: "holder" }, h.name || "unknown"),
          p.co_holders && p.co_holders.length ? el("span", { class: "muted" }, " with " + p.co_holders.join(", ")) : null,
          el("span", { class: "muted" }, inferred ? " · before " + p.until + " (inferred)" : " · since " + p.since +
            (p.sites ? " · " + p.sites + " sites" : ""))]));
      });
      if (!fc.features.length) list.appendChild(el("li", { class: "muted" }, "No territory events."));
      declutter();
    });
  }

  // Hide a badge that would cover one already shown (most sites first); its pin stays.
  // Then hide the place and province labels a badge or an earlier label covers: a badge
  // names its place, so nothing is lost.
  function declutter() {
    var kept = [];
    function overlaps(r) {
      return kept.some(function (k) {
        return r.left < k.right + 2 && r.right > k.left - 2 && r.top < k.bottom + 2 && r.bottom > k.top - 2;
      });
    }
    function place(items) {
      items.forEach(function (b) {
        b.classList.remove("covered");
        var r = b.getBoundingClientRect();
        if (!r.width) return;
        if (overlaps(r)) b.classList.add("covered"); else kept.push(r);
      });
    }
    var badges = Array.prototype.slice.call(document.querySelectorAll("#map .control-marker .badge"));
    badges.sort(function (a, b) { return (Number(b.dataset.sites) || 0) - (Number(a.dataset.sites) || 0); });
    place(badges);
    place(Array.prototype.slice.call(document.querySelectorAll("#map .label-tip")));
    place(Array.prototype.slice.call(document.querySelectorAll("#map .gov-label:not(.district-label)")));
    place(Array.prototype.slice.call(document.querySelectorAll("#map .district-label")));
  }
  // Place names only from zoom 9 on, where they no longer pile up.
  function zoomClass() { map.getContainer().classList.toggle("zoom-low", map.getZoom() < 9); }
  map.on("zoomend", function () { zoomClass(); setTimeout(declutter, 0); });
  zoomClass();

  // Events at one point are fanned out on a small circle so each stays clickable.
  function fanOut(features) {
    var seen = {};
    return features.map(function (f) {
      if (!f.geometry) return null;
      var c = f.geometry.coordinates, key = c[0].toFixed(4) + "," + c[1].toFixed(4);
      var i = seen[key] = (seen[key] || 0) + 1;
      if (i === 1) return [c[1], c[0]];
      var angle = i * 2.4, r = 0.012 * Math.sqrt(i);
      return [c[1] + r * Math.sin(angle), c[0] + r * Math.cos(angle)];
    });
  }

  function radius(p) { return 5 + 2.5 * Math.sqrt((p.fatalities || 0) + (p.sites || 0)); }

  function loadEvents(day) {
    return D.getJSON("/api/events?" + eventParams(day).toString()).then(function (fc) {
      eventsLayer.clearLayers();
      var list = clear(byId("event-list"));
      byId("event-count").textContent = "(" + fc.numberReturned + (fc.next ? "+" : "") + ")";
      var points = fanOut(fc.features);
      fc.features.forEach(function (f, i) {
        var p = f.properties;
        if (points[i]) {
          var m = L.circleMarker(points[i], { radius: radius(p), color: "#1b1b1b", weight: 1,
            fillColor: TYPE_COLORS[p.event_type] || "#777", fillOpacity: 0.9, className: "event-marker", pane: "events" });
          textTooltip(m, p.date_start + " · " + p.sub_event_type + " · " + (p.location || ""), false);
          m.on("click", function () { showEvent(p.id); });
          m.addTo(eventsLayer);
        }
        list.appendChild(eventItem(p));
      });
    });
  }

  function eventItem(p) {
    var item = el("li", { "data-id": p.id, class: "event-item" }, [
      el("span", { class: "swatch", style: { background: TYPE_COLORS[p.event_type] || "#777" } }),
      el("span", { class: "date" }, p.date_start || p.event_date || "undated"), " ",
      el("span", {}, p.sub_event_type), el("br"),
      el("span", { class: "muted", dir: "auto" }, [p.location || "?", " · ", (p.actor1 || "?") + (p.actor2 ? " → " + p.actor2 : "")])]);
    item.addEventListener("click", function () { showEvent(p.id); });
    return item;
  }

  // Events no place was found for: listed under the map's events, never drawn.
  function loadUnplaced(day) {
    var p = eventParams(day);
    p.delete("bbox"); p.set("located", "false"); p.set("limit", "200");
    return D.getJSON("/api/events?" + p.toString()).then(function (fc) {
      var list = clear(byId("unplaced-list"));
      byId("unplaced-count").textContent = fc.numberReturned ? "(" + fc.numberReturned + (fc.next ? "+" : "") + ")" : "";
      byId("unplaced").classList.toggle("hidden", !fc.numberReturned);
      fc.features.forEach(function (f) { list.appendChild(eventItem(f.properties)); });
    });
  }

  map.on("moveend", scheduleRefresh);

  // ------------------------------------------------------------ detail panel
  function openDetail(children) {
    var body = clear(byId("detail-body"));
    D.append(body, children);
    byId("detail").classList.remove("hidden");
    map.invalidateSize();
  }
  byId("close-detail").addEventListener("click", function () {
    byId("detail").classList.add("hidden"); map.invalidateSize();
  });

  function row(label, value) {
    return el("tr", {}, [el("th", {}, label), el("td", { dir: "auto" }, value === null || value === undefined || value === "" ? "—" : value)]);
  }

  function actors(list) {
    return (list || []).map(function (a) { return a.name || a.text; }).join(", ");
  }

  function showEvent(id) {
    D.getJSON("/api/events/" + encodeURIComponent(id)).then(function (e) {
      return D.getJSON("/api/documents/" + encodeURIComponent(e.document.id) + "?event=" + encodeURIComponent(id))
        .then(function (doc) { renderEvent(e, doc); });
    }).catch(showError);
  }

  function renderEvent(e, doc) {
    var loc = e.location || {}, q = e.quantities || {};
    var fields = el("table", { class: "fields" }, [
      row("Type", e.event_type), row("Sub-event", e.sub_event_type),
      row("Date", (e.date.start || "?") + (e.date.end && e.date.end !== e.date.start ? " – " + e.date.end : "") + (e.date.text ? "  (" + e.date.text + ")" : "")),
      row("Actor 1", actors(e.actor1)), row("Actor 2", actors(e.actor2)),
      row("Location", (loc.name || "") + (loc.name_ar ? " · " + loc.name_ar : "") + (loc.admin1 ? ", " + loc.admin1 : "")),
      row("Geo precision", loc.geo_precision), row("Fatalities", e.fatalities),
      row("Quantities", Object.keys(q).map(function (k) { return k + " " + q[k]; }).join(", ")),
      row("Commanders", (e.persons || []).map(function (p) { return p.name + (p.actor ? " (" + p.actor + ")" : ""); }).join(", ")),
      row("Confidence", e.confidence === null ? null : Number(e.confidence).toFixed(2)),
      row("Reviewed", e.review ? e.review.status + " (" + e.review.at + ")" : "no"),
      row("Event id", e.id)]);
    var d = e.document || {};
    var sources = el("table", { class: "fields" }, [row("Report", d.id), row("Outlet", d.outlet),
      row("Published", d.published), row("Language", d.lang),
      el("tr", {}, [el("th", {}, "URL"), el("td", {}, d.url ? D.link(d.url) : "—")])]);
    var rtl = doc.lang === "ar";
    var text = el("div", { class: "report" + (rtl ? " rtl" : ""), dir: rtl ? "rtl" : "auto", lang: doc.lang || "" });
    doc.segments.forEach(function (s) { text.appendChild(s.mark ? el("mark", {}, s.text) : document.createTextNode(s.text)); });
    openDetail([el("h3", {}, e.sub_event_type), fields, el("h4", {}, "Source"), sources,
      el("h4", {}, "Report text (evidence highlighted)"), text]);
    var first = text.querySelector("mark");
    if (first) first.scrollIntoView({ block: "center" });
  }

  function showPlace(p) {
    D.getJSON("/api/places/" + encodeURIComponent(p.place)).then(function (body) {
      var rows = body.control.map(function (t) {
        return el("tr", {}, [el("td", {}, t.date), el("td", {}, t.previous_name || "?"),
          el("td", {}, "→"), el("td", {}, t.holder_name || "?"), el("td", {}, t.sites || "")]);
      });
      openDetail([el("h3", { dir: "auto" }, (p.name || p.place) + (p.name_ar ? " · " + p.name_ar : "")),
        el("p", {}, "Held by " + p.holder.name + (p.holder.bloc_name ? " (bloc: " + p.holder.bloc_name + ")" : "") + " on " + byId("control-date").textContent),
        el("h4", {}, "Control history"),
        el("table", { class: "fields" }, [el("tr", {}, [el("th", {}, "date"), el("th", {}, "from"), el("th", {}, ""), el("th", {}, "to"), el("th", {}, "sites")])].concat(rows))]);
    }).catch(showError);
  }

  // ------------------------------------------------------------ legend, network, errors
  function legend() {
    var box = clear(byId("legend"));
    box.appendChild(el("h4", {}, "Events"));
    Object.keys(TYPE_COLORS).forEach(function (t) {
      box.appendChild(el("div", {}, [el("span", { class: "swatch round", style: { background: TYPE_COLORS[t] } }), t]));
    });
    box.appendChild(el("div", { class: "muted" }, "size: fatalities + sites"));
    box.appendChild(el("h4", {}, "Control"));
    box.appendChild(el("div", { class: "muted" }, "fill: sponsor bloc · ring: holder · dashed: inferred"));
  }

  function showNetwork() {
    byId("map-view").classList.add("hidden"); byId("network-view").classList.remove("hidden");
    byId("tab-network").classList.add("active"); byId("tab-map").classList.remove("active");
    if (state.netLoaded) return;
    D.getJSON("/api/network").then(function (data) {
      state.netLoaded = true;
      window.rasadNetwork.draw(byId("network"), data, function (n) {
        openDetail([el("h3", {}, n.name || n.id), el("table", { class: "fields" }, [
          row("Kind", n.kind), row("Id", n.id), row("ACLED type", n.acled_type),
          row("Bloc", n.bloc_name), row("Events", n.events)])]);
      });
      var lg = clear(byId("network-legend"));
      Object.keys(window.rasadNetwork.EDGE_STYLE).forEach(function (k) {
        var s = window.rasadNetwork.EDGE_STYLE[k];
        lg.appendChild(el("div", {}, [el("span", { class: "swatch line", style: { background: s.color } }), s.label]));
      });
      lg.appendChild(el("div", { class: "muted" }, "circle: actor (fill = bloc) · square: commander"));
    }).catch(showError);
  }
  byId("tab-network").addEventListener("click", showNetwork);
  byId("tab-map").addEventListener("click", function () {
    byId("network-view").classList.add("hidden"); byId("map-view").classList.remove("hidden");
    byId("tab-map").classList.add("active"); byId("tab-network").classList.remove("active");
    map.invalidateSize();
  });

  function showError(err) {
    var box = byId("summary");
    box.appendChild(el("span", { class: "error" }, " ⚠ " + (err && err.message ? err.message : String(err))));
  }
})();
