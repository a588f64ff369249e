// The network view: actors and commanders as an SVG force layout (no external library).
"use strict";
(function (global) {
  var SVG = "http://www.w3.org/2000/svg";
  var EDGE_STYLE = {
    sponsor: { color: "#7a7a7a", dash: "6 4", label: "sponsors" },
    parent: { color: "#b0b0b0", dash: "2 3", label: "part of" },
    opposed: { color: "#c0392b", dash: "", label: "opposed in an event" },
    allied: { color: "#2e8b57", dash: "", label: "same side in an event" },
    commands: { color: "#333333", dash: "", label: "commands" }
  };

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    return node;
  }

  // A few hundred iterations of repulsion + springs + gravity; deterministic start.
  function layout(nodes, edges, width, height) {
    var byId = {};
    nodes.forEach(function (n, i) {
      var angle = (2 * Math.PI * i) / Math.max(nodes.length, 1);
      n.x = width / 2 + Math.cos(angle) * width / 3;
      n.y = height / 2 + Math.sin(angle) * height / 3;
      byId[n.id] = n;
    });
    var links = edges.filter(function (e) { return byId[e.source] && byId[e.target]; });
    var k = Math.sqrt((width * height) / Math.max(nodes.length, 1)) * 0.6;
    for (var step = 0; step < 300; step++) {
      var temp = 20 * (1 - step / 300) + 0.5;
      nodes.forEach(function (n) { n.dx = 0; n.dy = 0; });
      for (var i = 0; i < nodes.length; i++) {
        for (var j = i + 1; j < nodes.length; j++) {
          var a = nodes[i], b = nodes[j];
          var dx = a.x - b.x, dy = a.y - b.y, d2 = dx * dx + dy * dy + 0.01;
          var f = (k * k) / d2;
          a.dx += dx * f; a.dy += dy * f; b.dx -= dx * f; b.dy -= dy * f;
        }
      }
      links.forEach(function (e) {
        var s = byId[e.source], t = byId[e.target];
        var dx = s.x - t.x, dy = s.y - t.y, d = Math.sqrt(dx * dx + dy * dy) + 0.01;
        var f = d / k;
        s.dx -= dx * f; s.dy -= dy * f; t.dx += dx * f; t.dy += dy * f;
      });
      nodes.forEach(function (n) {
        n.dx += (width / 2 - n.x) * 0.05; n.dy += (height / 2 - n.y) * 0.05;
        var d = Math.sqrt(n.dx * n.dx + n.dy * n.dy) + 0.01;
        n.x = Math.min(width - 60, Math.max(60, n.x + (n.dx / d) * Math.min(d, temp)));
        n.y = Math.min(height - 30, Math.max(30, n.y + (n.dy / d) * Math.min(d, temp)));
      });
    }
    return { byId: byId, links: links };
  }

  function draw(root, data, onSelect) {
    while (root.firstChild) root.removeChild(root.firstChild);
    var box = root.getBoundingClientRect();
    var width = Math.max(box.width, 400), height = Math.max(box.height, 300);
    root.setAttribute("viewBox", "0 0 " + width + " " + height);
    var nodes = data.nodes.map(function (n) { return Object.assign({}, n); });
    var placed = layout(nodes, data.edges, width, height);
    var edgeLayer = svg("g", { class: "edges" }), nodeLayer = svg("g", { class: "nodes" });
    root.appendChild(edgeLayer); root.appendChild(nodeLayer);
    placed.links.forEach(function (e) {
      var s = placed.byId[e.source], t = placed.byId[e.target];
      var style = EDGE_STYLE[e.kind] || EDGE_STYLE.parent;
      var line = svg("line", { x1: s.x, y1: s.y, x2: t.x, y2: t.y, stroke: style.color,
        "stroke-width": Math.min(1 + Math.log(1 + e.weight), 5), "stroke-dasharray": style.dash,
        "data-kind": e.kind });
      var title = svg("title"); title.textContent = s.name + " — " + style.label + " — " + t.name;
      line.appendChild(title); edgeLayer.appendChild(line);
    });
    nodes.forEach(function (n) {
      var g = svg("g", { class: "node " + n.kind, transform: "translate(" + n.x + "," + n.y + ")" });
      var shape = n.kind === "commander"
        ? svg("rect", { x: -5, y: -5, width: 10, height: 10, fill: "#222" })
        : svg("circle", { r: 9, fill: n.bloc_color || "#999", stroke: n.color || "#555",
          "stroke-width": 3 });
      var label = svg("text", { x: 12, y: 4 });
      label.textContent = n.name || n.id;
      var title = svg("title");
      title.textContent = (n.name || n.id) + (n.bloc_name ? " (bloc: " + n.bloc_name + ")" : "");
      g.appendChild(shape); g.appendChild(label); g.appendChild(title);
      g.addEventListener("click", function () { onSelect(n); });
      nodeLayer.appendChild(g);
    });
  }

  global.rasadNetwork = { draw: draw, EDGE_STYLE: EDGE_STYLE };
})(window);
