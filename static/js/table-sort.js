/* Sortable tables: a button in each header cell sorts by that column (numbers by data-value).
   window.vardpengSortable(root) makes the tables under root sortable (again, after a part of the
   page was replaced). */
(function () {
  "use strict";
  function sortable(root) {
    root.querySelectorAll("table.sortable").forEach(function (table) {
      var headers = table.querySelectorAll("thead th");
      headers.forEach(function (th, column) {
        var button = th.querySelector("button");
        if (!button) { return; }
        button.addEventListener("click", function () {
          var ascending = th.getAttribute("aria-sort") !== "ascending";
          headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = a.cells[column].dataset.value || a.cells[column].textContent.trim();
            var y = b.cells[column].dataset.value || b.cells[column].textContent.trim();
            var nx = parseFloat(x), ny = parseFloat(y);
            var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, "sv");
            return ascending ? order : -order;
          });
          rows.forEach(function (row) { body.appendChild(row); });
        });
      });
    });
  }
  window.vardpengSortable = sortable;
  sortable(document);
})();
