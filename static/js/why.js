/* Varför?: a link to an explanation (a.why-link, or a waterfall bar) opens it in a dialog on the
   same page; without the dialog (or on a failed fetch) the link is an ordinary page. */
(function () {
  "use strict";
  var dialog = document.getElementById("why-dialog");

  function show(url) {
    if (!dialog || typeof dialog.showModal !== "function" || !window.fetch) {
      window.location.href = url;
      return;
    }
    var parts = url.split("#");
    var address = parts[0] + (parts[0].indexOf("?") < 0 ? "?" : "&") + "fragment=1";
    var body = dialog.querySelector(".why-body");
    body.textContent = dialog.getAttribute("data-loading") || "…";
    if (!dialog.open) { dialog.showModal(); }
    fetch(address, {credentials: "same-origin", headers: {"Accept": "text/html"}})
      .then(function (response) {
        // A refused explanation (400) still answers with the fragment that says why.
        if (response.status >= 500) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        body.innerHTML = html;
        var line = parts[1] ? document.getElementById(parts[1]) : null;
        if (line && body.contains(line)) {
          line.classList.add("highlight");
          line.scrollIntoView({block: "center"});
        }
      })
      .catch(function () { window.location.href = url; });
  }

  window.vardpengWhy = show;
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.why-link") : null;
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) { return; }
    event.preventDefault();
    show(link.getAttribute("href"));
  });
})();
