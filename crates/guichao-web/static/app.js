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
  // Links that ask before they act (an export with personal data).
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[data-confirm]");
    if (a && !window.confirm(a.getAttribute("data-confirm"))) e.preventDefault();
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

  // Copy buttons (the new API token): shown only where the clipboard is there.
  document.querySelectorAll("button[data-copy]").forEach(function (b) {
    if (navigator.clipboard) b.hidden = false;
  });
  document.addEventListener("click", function (e) {
    var b = e.target.closest("button[data-copy]");
    if (!b) return;
    var source = document.getElementById(b.getAttribute("data-copy"));
    if (!source) return;
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      b.textContent = b.getAttribute("data-copied");
    });
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

// Fellows: search as you type (a list of links, or a picker that fills an id
// field), "select all" boxes, the bulk-assign guard and the cadre choices.
(function () {
  "use strict";
  var zh = (document.documentElement.lang || "zh").indexOf("zh") === 0;
  function t(a, b) { return zh ? a : b; }
  function el(tag, attrs, text) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    if (text !== undefined) n.textContent = text;
    return n;
  }
  // The API answers in the language asked for; ask for the page's.
  function getJSON(url) {
    var headers = { "Accept": "application/json", "Accept-Language": zh ? "zh-CN" : "en" };
    return fetch(url, { credentials: "same-origin", headers: headers })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
  }

  var uid = 0;
  function suggest(input) {
    var mode = input.getAttribute("data-fellow-search");
    var exclude = input.getAttribute("data-exclude");
    var list = el("ul", { "class": "suggest", "role": "listbox", "id": "suggest-" + (++uid) });
    list.hidden = true;
    input.parentNode.insertBefore(list, input.nextSibling);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    var timer = null, seq = 0, active = -1;

    function close() { list.hidden = true; active = -1; input.setAttribute("aria-expanded", "false"); }
    function items() { return list.querySelectorAll("[role=option]"); }
    function mark(i) {
      var all = items();
      if (!all.length) return;
      active = (i + all.length) % all.length;
      Array.prototype.forEach.call(all, function (n, k) { n.setAttribute("aria-selected", k === active ? "true" : "false"); });
      all[active].scrollIntoView({ block: "nearest" });
    }
    function choose(node) {
      if (mode === "add") {
        // The contact form: tick the fellow on its list, adding them if new.
        var picks = document.getElementById(input.getAttribute("data-add-target"));
        var id = node.getAttribute("data-id");
        var box = picks && picks.querySelector("input[value='" + id + "']");
        if (picks && !box) {
          box = el("input", { "type": "checkbox", "name": "fellow_ids", "value": id });
          var label = el("label", { "class": "check" });
          label.appendChild(box);
          label.appendChild(document.createTextNode(" " + node.getAttribute("data-name")));
          var li = el("li");
          li.appendChild(label);
          picks.appendChild(li);
        }
        if (box) box.checked = true;
        input.value = "";
        close();
      } else if (mode === "pick") {
        var target = document.getElementById(input.getAttribute("data-pick-target"));
        if (target) target.value = node.getAttribute("data-id");
        input.value = node.getAttribute("data-name");
        close();
      } else {
        window.location.href = "/fellows/" + node.getAttribute("data-id");
      }
    }
    function show(rows) {
      list.innerHTML = "";
      rows = rows.filter(function (r) { return r.id !== exclude; });
      if (!rows.length) {
        list.appendChild(el("li", { "class": "none" }, t("没有找到", "No match")));
      }
      rows.forEach(function (r) {
        var li = el("li", { "role": "option", "data-id": r.id, "data-name": r.name, "aria-selected": "false" });
        li.appendChild(el("strong", {}, r.name));
        var about = [r.township, r.village, r.category_label, r.city, r.employer].filter(Boolean).join(" · ");
        li.appendChild(el("small", {}, about));
        list.appendChild(li);
      });
      list.hidden = false;
      active = -1;
      input.setAttribute("aria-expanded", "true");
    }
    function lookup() {
      var q = input.value.trim();
      var mine = ++seq;
      if (!q) { close(); return; }
      getJSON("/api/v1/fellows?limit=10&q=" + encodeURIComponent(q)).then(function (data) {
        if (mine === seq) show(data.items || []);
      }).catch(function () { if (mine === seq) close(); });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(lookup, 200);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); mark(active + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); mark(active - 1); }
      else if (e.key === "Escape") { close(); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(items()[active]); }
    });
    // mousedown, not click: it comes before the input's blur closes the list.
    list.addEventListener("mousedown", function (e) {
      var li = e.target.closest("[role=option]");
      if (li) { e.preventDefault(); choose(li); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }
  document.querySelectorAll("input[data-fellow-search]").forEach(suggest);

  // "Select all" for row checkboxes.
  document.addEventListener("change", function (e) {
    var all = e.target.closest("input[data-check-all]");
    if (!all) return;
    document.querySelectorAll("input[name='" + all.getAttribute("data-check-all") + "']").forEach(function (box) {
      box.checked = all.checked;
    });
  });

  // Bulk assignment needs at least one fellow.
  document.addEventListener("submit", function (e) {
    if (e.target.id !== "assign-form") return;
    if (!document.querySelector("input[name='fellow_ids'][form='assign-form']:checked")) {
      e.preventDefault();
      window.alert(t("请先勾选要分配联系人的乡友", "Tick the fellows to assign first"));
    }
  });

  // The cadres who may be assigned at the chosen level.
  function cadres(form) {
    var level = form.querySelector("select[name=level]");
    var select = form.querySelector("select[data-cadres]");
    if (!level || !select) return;
    var first = select.options[0];
    select.innerHTML = "";
    select.appendChild(first);
    var url = "/api/v1/liaison/cadres?fellow_id=" + encodeURIComponent(form.getAttribute("data-fellow")) +
      "&level=" + encodeURIComponent(level.value);
    getJSON(url).then(function (data) {
      var rows = Array.isArray(data) ? data : (data.items || []);
      rows.forEach(function (c) {
        var label = c.display_name || c.name || c.username || c.id;
        if (c.unit_name) label += " · " + c.unit_name;
        select.appendChild(el("option", { "value": c.user_id || c.id }, label));
      });
    }).catch(function () {});
  }
  document.querySelectorAll("form[data-cadre-form]").forEach(function (form) {
    cadres(form);
    var level = form.querySelector("select[name=level]");
    if (level) level.addEventListener("change", function () { cadres(form); });
  });
})();

// Chambers and liaison: choosing a chamber member by searching, and the level
// switch of the assignment page. Without script both forms still work (a pasted
// id or exact name; a button that lists the cadres for a level).
(function () {
  "use strict";

  function getJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
  }

  document.querySelectorAll("label.member-search[hidden]").forEach(function (l) { l.hidden = false; });

  // The add-member form: search fellows as you type, pick one to fill its id.
  var timer = null, seq = 0;
  document.addEventListener("input", function (e) {
    var box = e.target.closest("input[data-member-search]");
    if (!box) return;
    var targetId = box.getAttribute("data-member-search");
    var list = document.querySelector("ul.member-picks[data-target='" + targetId + "']");
    if (!list) return;
    clearTimeout(timer);
    var q = box.value.trim();
    if (!q) { list.innerHTML = ""; return; }
    timer = setTimeout(function () {
      var mine = ++seq;
      getJson("/api/v1/fellows?limit=10&q=" + encodeURIComponent(q)).then(function (data) {
        if (mine !== seq) return; // a later search is on its way
        list.innerHTML = "";
        (data.items || []).forEach(function (f) {
          var b = document.createElement("button");
          b.type = "button";
          b.setAttribute("data-id", f.id);
          b.textContent = [f.name, f.township, f.phone].filter(Boolean).join(" · ");
          var li = document.createElement("li");
          li.appendChild(b);
          list.appendChild(li);
        });
      }).catch(function () { list.innerHTML = ""; });
    }, 250);
  });
  document.addEventListener("click", function (e) {
    var b = e.target.closest("ul.member-picks button[data-id]");
    if (!b) return;
    var list = b.closest("ul.member-picks");
    var targetId = list.getAttribute("data-target");
    var input = document.getElementById(targetId);
    var chosen = document.getElementById(targetId + "-chosen");
    if (input) input.value = b.getAttribute("data-id");
    if (chosen) chosen.textContent = "✓ " + b.textContent;
    list.innerHTML = "";
  });

  // The assignment page: a new level lists its cadres (the form's own button).
  document.addEventListener("change", function (e) {
    var sel = e.target.closest("select[data-refresh]");
    if (!sel) return;
    var btn = document.getElementById(sel.getAttribute("data-refresh"));
    if (btn) btn.click();
  });
})();
