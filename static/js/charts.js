/* Draws every figure that the page embeds as JSON (figures are built in Python, simulation/charts.py). */
(function () {
  "use strict";
  var config = {responsive: true, displaylogo: false, modeBarButtonsToRemove: ["lasso2d", "select2d"]};
  window.vardpengDraw = function (figures) {
    Object.keys(figures).forEach(function (key) {
      var element = document.getElementById("chart-" + key);
      if (element) { Plotly.react(element, figures[key].data, figures[key].layout, config); }
    });
  };
  var embedded = document.getElementById("figures");
  if (embedded) { window.vardpengDraw(JSON.parse(embedded.textContent)); }
})();
