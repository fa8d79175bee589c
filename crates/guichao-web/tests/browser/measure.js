// Added to a page by tests/browser.rs, which shows it in a phone-wide frame:
// opens the phone menu and every <details>, measures each visible control's
// tap area and the document's width, and posts its findings as JSON to the
// frame's parent, which writes them into its <pre id="tap-report">.
(function () {
  "use strict";
  var MIN = 44;
  var nav = document.getElementById("nav");
  if (nav) nav.classList.add("open");
  document.querySelectorAll("details").forEach(function (d) { d.open = true; });

  function shown(el) {
    var s = window.getComputedStyle(el);
    return el.getClientRects().length > 0 && s.visibility !== "hidden";
  }
  // A checkbox or radio is tapped through its label when it has one.
  function tapArea(el) {
    var r = el.getBoundingClientRect();
    if (el.type !== "checkbox" && el.type !== "radio") return r;
    var label = el.closest("label") || (el.id && document.querySelector("label[for='" + el.id + "']"));
    if (!label) return r;
    var l = label.getBoundingClientRect();
    return { width: Math.max(r.width, l.width), height: Math.max(r.height, l.height) };
  }
  function describe(el) {
    var what = el.tagName.toLowerCase();
    if (el.type && what === "input") what += "[" + el.type + "]";
    if (el.id) what += "#" + el.id;
    var text = (el.textContent || el.name || el.value || "").trim().replace(/\s+/g, " ").slice(0, 24);
    return what + " \"" + text + "\"";
  }

  var small = [];
  var controls = "a[href], button, input:not([type=hidden]), select, textarea, summary";
  document.querySelectorAll(controls).forEach(function (el) {
    if (!shown(el)) return;
    var r = tapArea(el);
    // Half a pixel of slack for sub-pixel layout.
    if (r.width < MIN - 0.5 || r.height < MIN - 0.5) {
      small.push(describe(el) + " " + Math.round(r.width) + "×" + Math.round(r.height));
    }
  });
  var report = {
    viewport: window.innerWidth,
    width: document.documentElement.scrollWidth,
    controls: document.querySelectorAll(controls).length,
    small: small
  };
  window.parent.postMessage(JSON.stringify(report), "*");
})();
