/* Wide tables: a box (.table-wrap, .chart-table) whose table is wider than the screen scrolls
   sideways on its own; while it does, it takes focus (so the keyboard can scroll it), is a region
   named by its table, and says that it scrolls (the body's data-scroll-hint, in the page's language).
   window.vardpengScrollables(root) checks the boxes under root again (after a part of the page changed). */
(function () {
  "use strict";
  var hint = document.body.getAttribute("data-scroll-hint") || "";

  function name(box) {
    var table = box.querySelector("table");
    var caption = table && table.caption ? table.caption.textContent : "";
    if (!caption) {
      var heading = box.closest("section, details, figure");
      var label = heading && heading.querySelector("h2, h3, summary, figcaption");
      caption = label ? label.textContent : "";
    }
    return (caption.trim() + (caption.trim() ? " – " : "") + hint).trim();
  }

  /* Two regions named alike (the same caption in two cards) are told apart by their card's heading. */
  function unique(box, label) {
    var taken = Array.prototype.some.call(document.querySelectorAll(".scrolls[aria-label]"), function (other) {
      return other !== box && other.getAttribute("aria-label") === label;
    });
    var card = box.closest("article, section");
    var heading = card && card.querySelector("h1, h2, h3");
    return taken && heading ? heading.textContent.trim().replace(/\s+/g, " ") + ": " + label : label;
  }

  function mark(box) {
    var scrolls = box.scrollWidth > box.clientWidth + 1 && box.clientWidth > 0;
    if (scrolls === box.classList.contains("scrolls")) { return; }
    box.classList.toggle("scrolls", scrolls);
    if (scrolls) {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", unique(box, name(box)));
      box.setAttribute("data-hint", hint);
    } else {
      ["tabindex", "role", "aria-label", "data-hint"].forEach(function (attribute) { box.removeAttribute(attribute); });
    }
  }

  function check(root) {
    (root || document).querySelectorAll(".table-wrap, .chart-table").forEach(mark);
  }

  window.vardpengScrollables = check;
  var pending = null;
  window.addEventListener("resize", function () { clearTimeout(pending); pending = setTimeout(function () { check(); }, 100); });
  // A table inside <details> has no width until it opens.
  document.addEventListener("toggle", function (event) { check(event.target); }, true);
  check();
})();
