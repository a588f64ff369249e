// The review page: the queue (least sure first), the report with its evidence marked,
// a map with a draggable marker, and the actions. Writes send the reviewer's token;
// every string from the API goes in as text (see dom.js).
"use strict";
(function () {
  var D = window.rasadDom, el = D.el;
  var state = { token: sessionStorage.getItem("rasad-review-token") || "", queue: [], index: -1,
    event: null, doc: null, location: null, moved: false };
  var byId = function (id) { return document.getElementById(id); };

  var map = L.map("review-map", { zoomControl: true }).setView([35, 38], 6);
  var marker = null;
  D.getJSON("/api/basemap").then(function (fc) {
    // Boundaries only: the basemap's label points would read as events here.
    L.geoJSON(fc, { interactive: false, style: { color: "#8a94a3", weight: 1, fillOpacity: 0.03 },
      filter: function (f) { return f.geometry && f.geometry.type !== "Point"; } }).addTo(map);
  }).catch(function () {});

  function say(text, isError) {
    var m = byId("message");
    m.textContent = text;
    m.className = "summary" + (isError ? " message-error" : "");
  }

  // JSON over fetch with the reviewer's token; rejects with the API's error message.
  function api(method, url, body) {
    var headers = { Accept: "application/json" };
    if (state.token) headers.Authorization = "Bearer " + state.token;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return fetch(url, { method: method, headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body) }).then(function (r) {
      return r.json().then(function (b) {
        if (!r.ok) throw new Error((b.error && b.error.message) || r.statusText);
        return b;
      });
    });
  }

  function option(value, label, selected) {
    var o = el("option", { value: value }, label);
    if (selected) o.selected = true;
    return o;
  }

  function loadQueue(keepIndex) {
    var p = new URLSearchParams({ limit: "200" });
    if (byId("queue-type").value) p.set("sub_event_type", byId("queue-type").value);
    if (Number(byId("queue-conf").value) < 1) p.set("max_confidence", byId("queue-conf").value);
    return api("GET", "/api/review/queue?" + p.toString()).then(function (body) {
      state.queue = body.events;
      fillChoices(body);
      byId("queue-count").textContent = "(" + body.total + ")";
      var list = D.clear(byId("queue"));
      body.events.forEach(function (e, i) {
        var loc = e.location || {};
        var li = el("li", { "data-id": e.id }, [
          el("span", { class: "conf" }, e.confidence === null ? "" : Number(e.confidence).toFixed(2)),
          el("b", {}, e.sub_event_type), " · ", loc.name || loc.name_ar || "no place",
          el("div", { class: "muted" }, (e.document || {}).id)]);
        li.addEventListener("click", function () { show(i); });
        list.appendChild(li);
      });
      var next = keepIndex ? Math.min(state.index, state.queue.length - 1) : 0;
      if (state.queue.length) show(Math.max(0, next)); else clearEvent();
    }).catch(function (err) { say(err.message, true); });
  }

  function fillChoices(body) {
    var sub = byId("f-sub"), filter = byId("queue-type"), reason = byId("reason");
    if (sub.options.length) return;
    body.sub_event_types.forEach(function (s) {
      sub.appendChild(option(s, s)); filter.appendChild(option(s, s));
    });
    body.reasons.forEach(function (r) { reason.appendChild(option(r, r)); });
  }

  function clearEvent() {
    state.event = null; state.index = -1;
    byId("edit-title").textContent = "The queue is empty";
    D.clear(byId("report"));
    if (marker) { map.removeLayer(marker); marker = null; }
  }

  function names(actors) {
    return (actors || []).map(function (a) { return a.id || a.name || a.text; }).join(", ");
  }

  function show(i) {
    state.index = i; state.event = state.queue[i]; state.moved = false;
    var e = state.event, doc = e.document || {};
    Array.prototype.forEach.call(byId("queue").children, function (li, j) {
      li.className = j === i ? "current" : "";
    });
    byId("edit-title").textContent = e.sub_event_type + " · " + e.id;
    byId("f-sub").value = e.sub_event_type;
    byId("f-actor1").value = names(e.actor1);
    byId("f-actor2").value = names(e.actor2);
    byId("f-date").value = (e.date && e.date.start) || "";
    byId("f-fatalities").value = e.fatalities || 0;
    setLocation(e.location, false);
    D.getJSON("/api/documents/" + encodeURIComponent(doc.id) + "?event=" + encodeURIComponent(e.id))
      .then(function (d) { if (state.event === e) renderReport(d, e.id); })
      .catch(function (err) { say(err.message, true); });
  }

  function renderReport(doc, eventId) {
    state.doc = doc;
    var box = D.clear(byId("report")), rtl = doc.lang === "ar";
    box.setAttribute("data-id", eventId);  // which event's evidence is marked
    box.setAttribute("dir", rtl ? "rtl" : "auto");
    box.setAttribute("lang", doc.lang || "");
    doc.segments.forEach(function (s) {
      box.appendChild(s.mark ? el("mark", {}, s.text) : document.createTextNode(s.text));
    });
    var first = box.querySelector("mark");
    if (first) first.scrollIntoView({ block: "center" });
  }

  function setLocation(loc, moved) {
    state.location = loc ? Object.assign({}, loc) : null;
    state.moved = moved;
    byId("f-location").textContent = loc ? (loc.name || loc.name_ar || "") +
      (loc.latitude != null ? " (" + Number(loc.latitude).toFixed(4) + ", " + Number(loc.longitude).toFixed(4) + ")" : "") : "—";
    if (marker) { map.removeLayer(marker); marker = null; }
    if (!loc || loc.latitude == null) return;
    marker = L.marker([loc.latitude, loc.longitude], { draggable: true, title: "event location" }).addTo(map);
    marker.on("dragend", function () {
      var ll = marker.getLatLng();
      var name = state.location ? state.location.name : "";
      setLocation({ name: name, name_ar: state.location && state.location.name_ar,
        latitude: Number(ll.lat.toFixed(5)), longitude: Number(ll.lng.toFixed(5)), geo_precision: 2 }, true);
    });
    if (!moved) map.setView([loc.latitude, loc.longitude], 9);
  }

  function actorList(text) {
    return text.split(",").map(function (s) { return s.trim(); }).filter(Boolean).map(function (s) {
      return /^[a-z0-9-]+$/.test(s) ? { id: s } : { name: s };
    });
  }

  // The fields the reviewer changed, in the API's shape.
  function changes() {
    var e = state.event, out = {};
    if (byId("f-sub").value !== e.sub_event_type) out.sub_event_type = byId("f-sub").value;
    if (byId("f-actor1").value !== names(e.actor1)) out.actor1 = actorList(byId("f-actor1").value);
    if (byId("f-actor2").value !== names(e.actor2)) out.actor2 = actorList(byId("f-actor2").value);
    var day = byId("f-date").value;
    if (day && day !== ((e.date && e.date.start) || "")) out.date = { start: day, end: day, precision: 1 };
    if (Number(byId("f-fatalities").value) !== (e.fatalities || 0)) out.fatalities = Number(byId("f-fatalities").value);
    if (state.moved) out.location = state.location;
    return out;
  }

  function done(what) {
    return function () { say(what); loadQueue(true); loadAudit(); };
  }

  function fail(err) { say(err.message, true); }

  function accept() {
    if (!state.event) return;
    var c = changes();
    if (Object.keys(c).length) return save();
    api("POST", "/api/reviews", { action: "accept", event_id: state.event.id })
      .then(done("accepted " + state.event.id)).catch(fail);
  }

  function save() {
    if (!state.event) return;
    var c = changes();
    if (!Object.keys(c).length) { say("nothing changed"); return; }
    api("PATCH", "/api/events/" + encodeURIComponent(state.event.id), c)
      .then(done("saved " + state.event.id)).catch(fail);
  }

  function reject() {
    if (!state.event) return;
    api("POST", "/api/reviews", { action: "reject", event_id: state.event.id, reason: byId("reason").value })
      .then(done("rejected " + state.event.id)).catch(fail);
  }

  function codePoints(text) { return Array.from(text).length; }

  // The selection inside the report as code-point offsets of the report's text.
  function selectedSpan() {
    var sel = window.getSelection(), box = byId("report");
    if (!sel.rangeCount || sel.isCollapsed) return null;
    var range = sel.getRangeAt(0);
    if (!box.contains(range.startContainer) || !box.contains(range.endContainer)) return null;
    var before = document.createRange();
    before.selectNodeContents(box);
    before.setEnd(range.startContainer, range.startOffset);
    var start = codePoints(before.toString());
    return { start: start, end: start + codePoints(range.toString()) };
  }

  function add() {
    var span = selectedSpan();
    if (!span || !state.doc) { say("select the evidence in the report first", true); return; }
    var body = { action: "add", doc_id: state.doc.id, changes: {
      sub_event_type: byId("f-sub").value, evidence: [span] } };
    if (state.moved && state.location) body.changes.location = state.location;
    var a1 = actorList(byId("f-actor1").value);
    if (a1.length) body.changes.actor1 = a1;
    if (byId("f-date").value) body.changes.date = { start: byId("f-date").value, precision: 1 };
    api("POST", "/api/reviews", body).then(function (r) { done("added " + r.event.id)(); }).catch(fail);
  }

  function findPlace(ev) {
    ev.preventDefault();
    var q = byId("place-q").value.trim();
    if (!q) return;
    api("GET", "/api/gazetteer?q=" + encodeURIComponent(q)).then(function (body) {
      var list = D.clear(byId("place-results"));
      if (!body.places.length) list.appendChild(el("li", { class: "muted" }, "no place of that name"));
      body.places.forEach(function (p) {
        var li = el("li", { "data-id": p.gazetteer_id }, [el("b", {}, p.name), " ", p.name_ar || "",
          el("span", { class: "muted" }, " " + [p.admin1, p.feature].filter(Boolean).join(", "))]);
        li.addEventListener("click", function () {
          setLocation({ name: p.name, name_ar: p.name_ar, latitude: p.latitude, longitude: p.longitude,
            admin1: p.admin1, country: p.country, gazetteer_id: p.gazetteer_id, feature: p.feature,
            geo_precision: 1 }, true);
          map.setView([p.latitude, p.longitude], 10);
        });
        list.appendChild(li);
      });
    }).catch(fail);
  }

  function loadAudit() {
    if (!state.token) return;
    api("GET", "/api/reviews").then(function (body) {
      var table = D.clear(byId("audit"));
      table.appendChild(el("tr", {}, ["when", "who", "action", "event", "why"].map(function (h) { return el("th", {}, h); })));
      body.reviews.slice().reverse().forEach(function (r) {
        table.appendChild(el("tr", { "data-id": r.event_id }, [r.created_at, r.reviewer, r.action, r.event_id, r.reason || ""]
          .map(function (v) { return el("td", {}, v); })));
      });
    }).catch(fail);
  }

  function loadActors() {
    D.getJSON("/api/actors?all=true").then(function (body) {
      var list = byId("actor-ids");
      body.actors.forEach(function (a) { list.appendChild(el("option", { value: a.id }, a.name)); });
    }).catch(function () {});
  }

  var KEYS = { a: accept, s: save, r: reject, n: add,
    j: function () { if (state.index + 1 < state.queue.length) show(state.index + 1); },
    k: function () { if (state.index > 0) show(state.index - 1); } };
  document.addEventListener("keydown", function (ev) {
    var tag = (ev.target.tagName || "").toLowerCase();
    if (ev.ctrlKey || ev.metaKey || ev.altKey || tag === "input" || tag === "select" || tag === "textarea") return;
    var action = KEYS[ev.key];
    if (action) { ev.preventDefault(); action(); }
  });
  byId("accept").addEventListener("click", accept);
  byId("save").addEventListener("click", save);
  byId("reject").addEventListener("click", reject);
  byId("add").addEventListener("click", add);
  byId("place-form").addEventListener("submit", findPlace);
  byId("queue-type").addEventListener("change", function () { loadQueue(false); });
  byId("queue-conf").addEventListener("input", function () {
    byId("queue-conf-label").textContent = Number(byId("queue-conf").value).toFixed(2);
  });
  byId("queue-conf").addEventListener("change", function () { loadQueue(false); });
  byId("token").value = state.token;
  byId("token-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    state.token = byId("token").value.trim();
    sessionStorage.setItem("rasad-review-token", state.token);
    say(state.token ? "token set" : "no token: read-only");
    loadAudit();
  });
  loadActors();
  loadQueue(false);
  loadAudit();
})();
