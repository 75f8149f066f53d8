/* The overview's year and centre pickers: the winners-and-losers and result-unit sections follow the
   choice without reloading the page (and without losing the reader's place); the address follows
   too, so the view can be shared. Without JavaScript the form is an ordinary GET. */
(function () {
  "use strict";
  if (!window.fetch || !window.DOMParser || !window.history.pushState) { return; }
  var PARTS = ["winners", "units"];
  var CHARTS = ["centre-results", "waterfall"];

  function load(url, push) {
    var form = document.getElementById("year-centre-form");
    if (form) { form.setAttribute("aria-busy", "true"); }
    fetch(url, {credentials: "same-origin", headers: {"Accept": "text/html"}})
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        PARTS.forEach(function (id) {
          var now = document.getElementById(id), next = fresh.getElementById(id);
          if (now && next) { now.replaceWith(document.importNode(next, true)); }
        });
        var figures = JSON.parse(fresh.getElementById("figures").textContent);
        var drawn = {};
        CHARTS.forEach(function (key) { if (figures[key]) { drawn[key] = figures[key]; } });
        window.vardpengDraw(drawn);
        if (window.vardpengSortable) { PARTS.forEach(function (id) { var part = document.getElementById(id); if (part) { window.vardpengSortable(part); } }); }
        if (push) { window.history.pushState({vardpeng: true}, "", url); }
        bind();
      })
      .catch(function () { window.location.href = url; });
  }

  function bind() {
    var form = document.getElementById("year-centre-form");
    if (!form) { return; }
    var go = function (event) {
      if (event) { event.preventDefault(); }
      var query = new URLSearchParams(new FormData(form)).toString();
      load(window.location.pathname + "?" + query, true);
    };
    form.addEventListener("submit", go);
    form.querySelectorAll("select").forEach(function (select) { select.addEventListener("change", go); });
  }

  window.addEventListener("popstate", function () { load(window.location.href, false); });
  bind();
})();
