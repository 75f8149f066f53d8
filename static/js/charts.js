/* Draws every figure that the page embeds as JSON (figures are built in Python, simulation/presentation).

   Each chart sits in a <figure class="chart-box"> (templates/simulation/_chart.html): its title is the
   figure's caption (HTML, so it wraps on a phone), its legend is a row of buttons under the plot
   (it wraps too, never collides with an axis title, and shows or hides a series from the keyboard),
   notes under it say what the plot cannot show (a series hidden under another), and its data is a
   table behind a toggle: the chart's text alternative. The plot itself is hidden from screen readers,
   which read the caption and the table instead; its toolbar stays operable by keyboard. */
(function () {
  "use strict";
  // No Plotly logo and no "send to cloud"/Chart Studio button: both lead to an outside host.
  var config = {responsive: true, displaylogo: false, showSendToCloud: false, showEditInChartStudio: false,
    showLink: false, plotlyServerURL: "", modeBarButtonsToRemove: ["lasso2d", "select2d", "sendDataToCloud"]};
  var english = document.documentElement.lang === "en";
  // The toolbar speaks the page's language: Swedish words for Plotly's buttons.
  if (window.Plotly && Plotly.register) {
    Plotly.register({moduleType: "locale", name: "sv", dictionary: {
      "Autoscale": "Skala automatiskt", "Box Select": "Markera med ruta", "Download plot as a png": "Ladda ner diagrammet som png",
      "Download plot as a PNG": "Ladda ner diagrammet som png", "Download plot": "Ladda ner diagrammet",
      "Double-click to zoom back out": "Dubbelklicka för att zooma ut",
      "Double-click on legend to isolate one trace": "Dubbelklicka på förklaringen för att visa bara en serie",
      "Lasso Select": "Markera med lasso", "Pan": "Panorera", "Reset axes": "Återställ axlarna", "Reset": "Återställ",
      "Reset view": "Återställ vyn", "Show closest data on hover": "Visa närmaste värde vid hovring",
      "Compare data on hover": "Jämför värden vid hovring", "Toggle Spike Lines": "Visa eller dölj hjälplinjer",
      "Toggle show closest data on hover": "Växla visning av närmaste värde",
      "Zoom": "Zooma", "Zoom in": "Zooma in", "Zoom out": "Zooma ut",
      "Taking snapshot - this may take a few seconds": "Tar en bild – det kan ta några sekunder",
      "Snapshot succeeded": "Bilden är klar", "Sorry, there was a problem downloading your snapshot!": "Bilden kunde inte laddas ner.",
      "median:": "median:", "trace": "serie"
    }, format: {decimal: ",", thousands: "\u00a0",
      months: ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"],
      shortMonths: ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
      days: ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"],
      shortDays: ["sön", "mån", "tis", "ons", "tor", "fre", "lör"]}});
    config.locale = english ? "en" : "sv";
  }
  var NARROW = "(max-width: 600px)";
  var drawn = {};  // key → the figure as the server built it, to redraw when the screen narrows or widens

  /* A number as the pages write it (simulation.core.numbers): 1 234,5 / 1,234.5 with a real minus. */
  function formatNumber(value, decimals) {
    if (value === null || value === undefined || isNaN(value)) { return "–"; }
    var parts = Math.abs(value).toFixed(decimals).split(".");
    var thousands = english ? "," : "\u00a0";
    var text = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, thousands) + (parts[1] ? (english ? "." : ",") + parts[1] : "");
    return (Number(value.toFixed(decimals)) < 0 ? "\u2212" : "") + text;
  }

  function plain(text) {
    var inert = document.createElement("template");  // parsed, never run nor loaded
    inert.innerHTML = String(text || "");
    return (inert.content.textContent || "").trim();
  }

  function axisTitle(axis) {
    if (!axis || !axis.title) { return ""; }
    return plain(typeof axis.title === "string" ? axis.title : axis.title.text);
  }

  function horizontal(trace) { return trace.orientation === "h"; }

  /* What the values mean: the title of the axis that carries them (mnkr per år, …). */
  function valueUnit(figure) {
    var first = figure.data[0] || {};
    return axisTitle(horizontal(first) ? figure.layout.xaxis : figure.layout.yaxis);
  }

  function caption(figure) {
    var title = plain(figure.layout.title && (figure.layout.title.text || figure.layout.title));
    var unit = valueUnit(figure);
    if (unit && title.toLowerCase().indexOf(unit.toLowerCase()) < 0) { title += ", " + unit; }
    return title;
  }

  /* A style key (a trace with no points that only explains a line style) is legend, never data. */
  function isKey(trace) { return Boolean(trace.meta && trace.meta.key); }

  function shown(trace) { return trace.visible === undefined || trace.visible === true; }

  function swatch(trace) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "28");
    svg.setAttribute("height", "14");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("class", "swatch");
    var line = trace.line || {}, marker = trace.marker || {};
    var colour = line.color || marker.color || "#59636e";
    if (trace.type === "bar" || trace.type === "waterfall" || trace.fill) {
      var box = document.createElementNS(ns, "rect");
      box.setAttribute("x", "4"); box.setAttribute("y", "1"); box.setAttribute("width", "20"); box.setAttribute("height", "12");
      box.setAttribute("fill", trace.fillcolor || marker.color || colour);
      svg.appendChild(box);
      return svg;
    }
    var mode = trace.mode || "lines+markers";
    if (mode.indexOf("lines") >= 0) {
      var path = document.createElementNS(ns, "line");
      path.setAttribute("x1", "1"); path.setAttribute("x2", "27"); path.setAttribute("y1", "7"); path.setAttribute("y2", "7");
      path.setAttribute("stroke", colour);
      path.setAttribute("stroke-width", String(Math.max(2, Math.min(line.width || 2, 4))));
      var dashes = {dot: "2 3", dash: "6 3", dashdot: "6 3 2 3", longdash: "10 3", longdashdot: "10 3 2 3"};
      if (dashes[line.dash]) { path.setAttribute("stroke-dasharray", dashes[line.dash]); }
      svg.appendChild(path);
    }
    if (mode.indexOf("markers") >= 0) {
      var symbol = String(marker.symbol || "circle");
      var dot = document.createElementNS(ns, symbol.indexOf("circle") === 0 ? "circle" : "path");
      if (symbol.indexOf("circle") === 0) {
        dot.setAttribute("cx", "14"); dot.setAttribute("cy", "7"); dot.setAttribute("r", "3.5");
      } else {
        var shapes = {diamond: "M14 2 L19 7 L14 12 L9 7 Z", square: "M10 3 H18 V11 H10 Z", x: "M10 3 L18 11 M18 3 L10 11",
          "triangle-down": "M9 3 H19 L14 11 Z", "triangle-up": "M9 11 H19 L14 3 Z"};
        dot.setAttribute("d", shapes[symbol] || shapes.square);
        if (symbol === "x") { dot.setAttribute("stroke", marker.color || colour); dot.setAttribute("stroke-width", "2"); }
      }
      dot.setAttribute("fill", symbol === "x" ? "none" : (marker.color || colour));
      svg.appendChild(dot);
    }
    return svg;
  }

  /* The legend: one button per series (or group of series), pressed while the series shows. */
  function legend(box, element, figure) {
    var holder = box.querySelector(".chart-legend");
    if (!holder) { return; }
    holder.innerHTML = "";
    if (figure.layout.showlegend === false) { holder.hidden = true; return; }
    var groups = [], byName = {};
    figure.data.forEach(function (trace, index) {
      var group = trace.legendgroup || ("trace-" + index);
      if (!byName[group]) { byName[group] = {indices: [], trace: null}; groups.push(byName[group]); }
      byName[group].indices.push(index);
      if (!byName[group].trace && trace.showlegend !== false && trace.name) { byName[group].trace = trace; }
    });
    groups.forEach(function (group) {
      var trace = group.trace;
      if (!trace) { return; }
      var item;
      if (isKey(trace)) {
        item = document.createElement("span");
        item.className = "legend-item legend-key";
      } else {
        item = document.createElement("button");
        item.type = "button";
        item.className = "legend-item";
        item.setAttribute("aria-pressed", shown(trace) ? "true" : "false");
        item.addEventListener("click", function () {
          var on = item.getAttribute("aria-pressed") !== "true";
          item.setAttribute("aria-pressed", on ? "true" : "false");
          Plotly.restyle(element, {visible: on ? true : "legendonly"}, group.indices);
        });
      }
      item.appendChild(swatch(trace));
      item.appendChild(document.createTextNode(plain(trace.name)));
      holder.appendChild(item);
    });
    holder.hidden = !holder.childNodes.length;
  }

  function decimalsOf(trace) {
    var match = /:[+,]*\.(\d)f/.exec(trace.hovertemplate || "");
    return match ? parseInt(match[1], 10) : 1;
  }

  /* The chart's data as a table: a row per year (or bar), a column per series; a shaded band is one
     column of "low – high". */
  function table(box, figure) {
    var holder = box.querySelector(".chart-table");
    if (!holder) { return; }
    var columns = [], categories = [], seen = {};
    figure.data.forEach(function (trace, index) {
      if (isKey(trace)) { return; }
      var next = figure.data[index + 1];
      if (!trace.name && next && next.fill === "tonexty") { return; }  // a band's lower edge: read with its upper one
      var previous = trace.fill === "tonexty" ? figure.data[index - 1] : null;
      var across = horizontal(trace) ? trace.y : trace.x, values = horizontal(trace) ? trace.x : trace.y;
      var lows = previous ? (horizontal(previous) ? previous.x : previous.y) : null;
      var cells = {};
      (across || []).forEach(function (category, i) {
        if (!(category in seen)) { seen[category] = true; categories.push(category); }
        var decimals = decimalsOf(trace);
        var text = formatNumber(values[i], decimals);
        if (lows) { text = formatNumber(lows[i], decimals) + " – " + text; }
        if (trace.error_x && trace.error_x.array) { text += " (± " + formatNumber(trace.error_x.array[i], decimals) + ")"; }
        cells[category] = text;
      });
      var name = (trace.meta && trace.meta.column) || plain(trace.name) || valueUnit(figure);
      columns.push({name: name, cells: cells});
    });
    if (categories.every(function (c) { return typeof c === "number"; })) { categories.sort(function (a, b) { return a - b; }); }
    var first = figure.data[0] || {};
    var heading = axisTitle(horizontal(first) ? figure.layout.yaxis : figure.layout.xaxis) || holder.dataset.category || "";
    var tableElement = document.createElement("table");
    var captionElement = tableElement.createCaption();
    captionElement.textContent = caption(figure);
    var head = tableElement.createTHead().insertRow();
    [heading].concat(columns.map(function (c) { return c.name; })).forEach(function (text, i) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = text;
      if (i) { th.className = "num"; }
      head.appendChild(th);
    });
    var body = tableElement.createTBody();
    categories.forEach(function (category) {
      var row = body.insertRow();
      var th = document.createElement("th");
      th.scope = "row";
      th.textContent = String(category);
      row.appendChild(th);
      columns.forEach(function (column) {
        var td = row.insertCell();
        td.className = "num";
        td.textContent = category in column.cells ? column.cells[category] : "–";
      });
    });
    holder.innerHTML = "";
    holder.appendChild(tableElement);
    if (window.vardpengScrollables) { window.vardpengScrollables(box); }
  }

  function notes(box, figure) {
    var holder = box.querySelector(".chart-notes");
    if (!holder) { return; }
    holder.textContent = (figure.notes || []).join(" ");
    holder.hidden = !(figure.notes || []).length;
  }

  /* What Plotly draws: no title (the caption has it), no legend (the buttons are it); on a phone the
     unit moves out of the y axis into the caption, which already says it, to leave room for the plot. */
  function plotLayout(figure) {
    var layout = JSON.parse(JSON.stringify(figure.layout));
    var narrow = window.matchMedia && window.matchMedia(NARROW).matches;
    var margin = layout.margin || {};
    delete layout.title;
    layout.showlegend = false;
    layout.margin = {l: margin.l === undefined ? 70 : margin.l, r: margin.r === undefined ? 20 : margin.r, t: 16,
      b: Math.min(margin.b === undefined ? 60 : margin.b, 60)};
    var valueAxis = horizontal(figure.data[0] || {}) ? "xaxis" : "yaxis";
    layout.yaxis = Object.assign({}, layout.yaxis, {automargin: true});
    layout.xaxis = Object.assign({}, layout.xaxis, {automargin: true});
    if (narrow) {
      layout.margin.l = Math.min(layout.margin.l, 40);
      layout.margin.r = 8;
      if (valueAxis === "yaxis") { layout.yaxis.title = {text: ""}; }
      if (layout.xaxis.dtick === 1) { layout.xaxis.dtick = 2; }
    }
    return layout;
  }

  function draw(key) {
    var element = document.getElementById("chart-" + key);
    var figure = drawn[key];
    if (!element || !figure) { return; }
    var box = element.closest(".chart-box") || element.parentNode;
    if (box.hidden) { box.hidden = false; }
    var title = box.querySelector(".chart-title");
    if (title) { title.textContent = caption(figure); }
    Plotly.react(element, figure.data, plotLayout(figure), config).then(function () {
      // The caption and the table speak for the plot; its toolbar (outside the SVG) stays in reach.
      element.querySelectorAll("svg.main-svg").forEach(function (svg) { svg.setAttribute("aria-hidden", "true"); });
    });
    legend(box, element, figure);
    notes(box, figure);
    table(box, figure);
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
  }

  window.vardpengDraw = function (figures) {
    Object.keys(figures).forEach(function (key) {
      drawn[key] = figures[key];
      draw(key);
    });
  };
  if (window.matchMedia) {
    var query = window.matchMedia(NARROW);
    var redraw = function () { Object.keys(drawn).forEach(draw); };
    if (query.addEventListener) { query.addEventListener("change", redraw); }
  }
  var embedded = document.getElementById("figures");
  if (embedded) { window.vardpengDraw(JSON.parse(embedded.textContent)); }
})();
