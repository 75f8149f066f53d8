/* Draws every figure that the page embeds as JSON (figures are built in Python, simulation/charts.py). */
(function () {
  "use strict";
  // No Plotly logo and no "send to cloud"/Chart Studio button: both lead to an outside host.
  var config = {responsive: true, displaylogo: false, showSendToCloud: false, showEditInChartStudio: false,
    showLink: false, plotlyServerURL: "", modeBarButtonsToRemove: ["lasso2d", "select2d", "sendDataToCloud"]};
  // The toolbar speaks the page's language: Swedish words for Plotly's buttons.
  if (window.Plotly && Plotly.register) {
    Plotly.register({moduleType: "locale", name: "sv", dictionary: {
      "Autoscale": "Skala automatiskt", "Box Select": "Markera med ruta", "Download plot as a png": "Ladda ner diagrammet som png",
      "Download plot": "Ladda ner diagrammet", "Double-click to zoom back out": "Dubbelklicka för att zooma ut",
      "Lasso Select": "Markera med lasso", "Pan": "Panorera", "Reset axes": "Återställ axlarna", "Reset": "Återställ",
      "Reset view": "Återställ vyn", "Show closest data on hover": "Visa närmaste värde vid hovring",
      "Compare data on hover": "Jämför värden vid hovring", "Toggle Spike Lines": "Visa eller dölj hjälplinjer",
      "Zoom": "Zooma", "Zoom in": "Zooma in", "Zoom out": "Zooma ut",
      "Taking snapshot - this may take a few seconds": "Tar en bild – det kan ta några sekunder",
      "Snapshot succeeded": "Bilden är klar", "Sorry, there was a problem downloading your snapshot!": "Bilden kunde inte laddas ner.",
      "median:": "median:", "trace": "serie"
    }, format: {decimal: ",", thousands: "\u00a0",
      months: ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"],
      shortMonths: ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
      days: ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"],
      shortDays: ["sön", "mån", "tis", "ons", "tor", "fre", "lör"]}});
    config.locale = document.documentElement.lang === "en" ? "en" : "sv";
  }
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
