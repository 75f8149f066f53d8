/* Draws every figure that the page embeds as JSON (figures are built in Python, simulation/charts.py). */
(function () {
  "use strict";
  // No Plotly logo and no "send to cloud"/Chart Studio button: both lead to an outside host.
  var config = {responsive: true, displaylogo: false, showSendToCloud: false, showEditInChartStudio: false,
    showLink: false, plotlyServerURL: "", modeBarButtonsToRemove: ["lasso2d", "select2d", "sendDataToCloud"]};
  window.vardpengDraw = function (figures) {
    Object.keys(figures).forEach(function (key) {
      var element = document.getElementById("chart-" + key);
      if (!element) { return; }
      Plotly.react(element, figures[key].data, figures[key].layout, config);
      // A chart whose points name a figure (customdata) opens that figure's explanation (why.js).
      if (element.getAttribute("data-why-url") && !element.vardpengWhyBound) {
        element.vardpengWhyBound = true;
        element.on("plotly_click", function (event) {
          var point = event.points && event.points[0];
          if (point && point.customdata && window.vardpengWhy) {
            window.vardpengWhy(element.getAttribute("data-why-url") + "#line-" + point.customdata);
          }
        });
      }
    });
  };
  var embedded = document.getElementById("figures");
  if (embedded) { window.vardpengDraw(JSON.parse(embedded.textContent)); }
})();
