// Safe DOM helpers: every string from the API goes in as text (textContent) or as a
// checked attribute, never as HTML. Reports may carry hostile markup.
"use strict";
(function (global) {
  var SAFE_ATTRS = { class: 1, id: 1, dir: 1, lang: 1, title: 1, type: 1, value: 1,
    "data-id": 1, "data-sites": 1, "data-holder": 1, "data-status": 1, "data-place": 1, "data-kind": 1,
    "data-type": 1,
    colspan: 1, role: 1, "aria-label": 1, for: 1, checked: 1 };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "style") { Object.assign(node.style, value); return; }
      if (!SAFE_ATTRS[key]) throw new Error("attribute not allowed: " + key);
      node.setAttribute(key, String(value));
    });
    append(node, children);
    return node;
  }

  function append(node, children) {
    if (children === null || children === undefined) return node;
    if (!Array.isArray(children)) children = [children];
    children.forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    });
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  // Only http(s) links become anchors; anything else (javascript:, data:) stays text.
  function link(url, text) {
    var ok = typeof url === "string" && /^https?:\/\//i.test(url);
    if (!ok) return document.createTextNode(text || url || "");
    var a = document.createElement("a");
    a.href = url; a.rel = "noopener noreferrer"; a.target = "_blank";
    a.textContent = text || url;
    return a;
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) throw new Error((body.error && body.error.message) || r.statusText);
        return body;
      });
    });
  }

  global.rasadDom = { el: el, append: append, clear: clear, link: link, getJSON: getJSON };
})(window);
