/* Scenario builder: every change recomputes through the server (the engine) and redraws the charts. */
(function () {
  "use strict";
  var form = document.getElementById("builder-form");
  if (!form) { return; }
  var status = document.getElementById("builder-status");
  var errors = document.getElementById("builder-errors");
  var headline = document.getElementById("builder-headline");
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var saved = {id: null, version: null};
  var lastDocument = null;
  var pending = null;
  var sequence = 0;
  var sv = new Intl.NumberFormat("sv-SE", {minimumFractionDigits: 1, maximumFractionDigits: 1});

  function formData() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.name === "csrfmiddlewaretoken") { return; }
      if (element.type === "checkbox") {
        if (element.name === "convert_centres") {
          data.convert_centres = data.convert_centres || [];
          if (element.checked) { data.convert_centres.push(element.value); }
        } else { data[element.name] = element.checked; }
      } else if (element.value !== "") { data[element.name] = element.value; }
    });
    return data;
  }

  function post(url, body) {
    return fetch(url, {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf}, body: JSON.stringify(body)})
      .then(function (response) { return response.json().then(function (json) { return {status: response.status, json: json}; }); });
  }

  function showErrors(list) {
    form.querySelectorAll(".field-error").forEach(function (e) { e.textContent = ""; });
    errors.innerHTML = "";
    errors.hidden = !list || !list.length;
    (list || []).forEach(function (problem) {
      var slot = document.getElementById("error-" + problem.path);
      if (slot) { slot.textContent = problem.message; return; }
      var item = document.createElement("li");
      item.textContent = (problem.path ? problem.path + ": " : "") + problem.message;
      errors.appendChild(item);
    });
  }

  function showHeadline(items) {
    headline.innerHTML = "";
    items.forEach(function (item) {
      var box = document.createElement("div");
      box.className = "figure-card";
      var value = item.unit === "share" ? sv.format(item.last * 100) + "\u00a0%" : sv.format(item.last / 1e6) + "\u00a0mnkr";
      box.innerHTML = "<dt></dt><dd></dd>";
      box.querySelector("dt").textContent = item.label;
      box.querySelector("dd").textContent = value.replace("-", "\u2212");
      headline.appendChild(box);
    });
  }

  function recompute() {
    var mine = ++sequence;
    var started = performance.now();
    status.textContent = status.dataset.computing || "Beräknar…";
    post(form.dataset.preview, {form: formData()}).then(function (answer) {
      if (mine !== sequence) { return; }
      if (answer.status !== 200) { showErrors(answer.json.errors); status.textContent = ""; return; }
      showErrors([]);
      lastDocument = answer.json.document;
      window.vardpengDraw(answer.json.figures);
      showHeadline(answer.json.headline);
      var note = document.getElementById("builder-cost-note");
      note.textContent = answer.json.cost_views_note || "";
      note.hidden = !answer.json.cost_views_note;
      status.textContent = "\u2713 " + Math.round(performance.now() - started) + " ms";
      status.dataset.roundTripMs = Math.round(performance.now() - started);
    }).catch(function () { status.textContent = "\u26a0"; });
  }

  form.addEventListener("input", function () { clearTimeout(pending); pending = setTimeout(recompute, 250); });
  form.addEventListener("change", function () { clearTimeout(pending); pending = setTimeout(recompute, 50); });

  var save = document.getElementById("save-button");
  if (save) {
    save.addEventListener("click", function () {
      post(form.dataset.save, {form: formData(), id: saved.id, version: saved.version}).then(function (answer) {
        if (answer.status !== 200) { showErrors(answer.json.errors); return; }
        saved = {id: answer.json.id, version: answer.json.version};
        var links = document.getElementById("saved-links");
        links.hidden = false;
        links.innerHTML = "";
        [["\u2713 " + answer.json.name, answer.json.dashboard_url], ["JSON", answer.json.document_url],
         ["CSV", answer.json.csv_url], ["Excel", answer.json.xlsx_url]].forEach(function (pair, i) {
          var a = document.createElement("a");
          a.href = pair[1]; a.textContent = pair[0];
          if (i) { links.appendChild(document.createTextNode(" · ")); }
          links.appendChild(a);
        });
      });
    });
  }

  document.getElementById("download-document").addEventListener("click", function () {
    if (!lastDocument) { return; }
    var blob = new Blob([JSON.stringify(lastDocument, null, 2)], {type: "application/json"});
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = (lastDocument.name || "scenario") + ".json";
    a.click();
  });

  recompute();
})();
