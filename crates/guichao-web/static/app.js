// Guichao's own script: small enhancements; every page works without it.
(function () {
  "use strict";

  // The phone menu.
  document.addEventListener("click", function (e) {
    var t = e.target.closest(".menu-toggle");
    if (!t) return;
    var nav = document.getElementById("nav");
    var open = nav.classList.toggle("open");
    t.setAttribute("aria-expanded", open ? "true" : "false");
  });

  // Forms that ask before they act.
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) e.preventDefault();
  });

  function el(tag, attrs, text) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    if (text !== undefined) n.textContent = text;
    return n;
  }

  function units(parent) {
    return fetch("/api/v1/org/units?parent=" + encodeURIComponent(parent), {
      credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
  }

  // The org tree: expand a unit in place, loading its children on demand.
  document.addEventListener("click", function (e) {
    var btn = e.target.closest("ul.tree .toggle");
    if (!btn) return;
    var li = btn.closest("li");
    var open = btn.getAttribute("aria-expanded") === "true";
    var sub = li.querySelector(":scope > ul.tree");
    if (open) {
      btn.setAttribute("aria-expanded", "false"); btn.textContent = "▸";
      if (sub) sub.hidden = true;
      return;
    }
    btn.setAttribute("aria-expanded", "true"); btn.textContent = "▾";
    if (sub) { sub.hidden = false; return; }
    sub = el("ul", { "class": "tree" });
    li.appendChild(sub);
    units(li.getAttribute("data-id")).then(function (list) {
      list.forEach(function (u) {
        var item = el("li", { "data-id": u.id });
        if (u.child_count > 0) {
          item.appendChild(el("button", { "type": "button", "class": "toggle", "aria-expanded": "false" }, "▸"));
        } else {
          item.appendChild(el("span", { "class": "leaf" }));
        }
        item.appendChild(document.createTextNode(" "));
        item.appendChild(el("a", { "href": "/org?unit=" + u.id }, u.name));
        if (u.child_count > 0) item.appendChild(el("small", { "class": "muted" }, " · " + u.child_count));
        sub.appendChild(item);
      });
    }).catch(function () { sub.appendChild(el("li", { "class": "error" }, "×")); });
  });

  // The user form: the village list follows the chosen township.
  document.addEventListener("change", function (e) {
    var sel = e.target.closest("select[data-villages]");
    if (!sel) return;
    var target = document.getElementById(sel.getAttribute("data-villages"));
    if (!target) return;
    var first = target.options[0];
    target.innerHTML = "";
    target.appendChild(first);
    units(sel.value).then(function (list) {
      list.forEach(function (u) { target.appendChild(el("option", { "value": u.id }, u.name)); });
    }).catch(function () {});
  });
})();
