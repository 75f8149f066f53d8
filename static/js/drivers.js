/* What drives the result? Starts a sensitivity job (POST /api/v1/analyses), follows its progress,
   then draws the tornado that the server builds in Python (GET /api/v1/jobs/{id}/tornado). */
(function () {
  "use strict";
  var form = document.getElementById("drivers-form");
  var run = document.getElementById("drivers-run");
  if (!form) { return; }
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var progress = document.getElementById("drivers-progress");
  var status = document.getElementById("drivers-status");
  var errors = document.getElementById("drivers-errors");
  var template = JSON.parse(document.getElementById("analysis-request").textContent);
  var parameters = JSON.parse(document.getElementById("analysis-parameters").textContent);
  var texts = {running: "Beräknar…", done: "Klart", failed: "Analysen misslyckades", cancelled: "Avbruten"};
  if (document.documentElement.lang === "en") {
    texts = {running: "Computing…", done: "Done", failed: "The analysis failed", cancelled: "Cancelled"};
  }

  // Choosing another scenario or figure reloads the page for it (the scenario document comes with it).
  ["scenario-select", "metric-select"].forEach(function (id) {
    document.getElementById(id).addEventListener("change", function () { form.submit(); });
  });

  function json(response) {
    return response.json().then(function (body) { return {status: response.status, body: body}; });
  }

  function showErrors(list) {
    errors.innerHTML = "";
    errors.hidden = !list || !list.length;
    (list || []).forEach(function (problem) {
      var item = document.createElement("li");
      item.textContent = (problem.path ? problem.path + ": " : "") + problem.message;
      errors.appendChild(item);
    });
  }

  function chosenParameters() {
    var paths = Array.prototype.filter.call(form.querySelectorAll("[data-path]"), function (box) {
      return box.checked;
    }).map(function (box) { return box.dataset.path; });
    return parameters.filter(function (p) { return paths.indexOf(p.path) >= 0; }).map(function (p) {
      var plain = {path: p.path};
      ["change", "delta", "low", "high"].forEach(function (k) { if (k in p) { plain[k] = p[k]; } });
      return plain;
    });
  }

  function follow(url) {
    fetch(url, {credentials: "same-origin"}).then(json).then(function (answer) {
      var job = answer.body;
      if (answer.status !== 200) { showErrors(job.errors); run.disabled = false; return; }
      progress.value = job.progress;
      if (job.status === "queued" || job.status === "running") {
        status.textContent = texts.running + " " + Math.round(job.progress * 100) + " %";
        setTimeout(function () { follow(url); }, 400);
        return;
      }
      run.disabled = false;
      progress.hidden = true;
      status.textContent = texts[job.status] || job.status;
      if (job.status !== "done") { showErrors(job.errors); return; }
      draw(url, job.result);
    });
  }

  function draw(url, result) {
    fetch(url + "/tornado", {credentials: "same-origin"}).then(json).then(function (answer) {
      if (answer.status !== 200) { showErrors(answer.body.errors); return; }
      window.vardpengDraw({tornado: answer.body.figure});
      var table = document.getElementById("drivers-table");
      var body = table.querySelector("tbody");
      body.innerHTML = "";
      answer.body.rows.forEach(function (row) {
        var tr = document.createElement("tr");
        ["parameter", "moved", "low", "high", "swing"].forEach(function (key) {
          var cell = document.createElement(key === "parameter" ? "th" : "td");
          if (key === "parameter") { cell.scope = "row"; }
          if (key === "low" || key === "high" || key === "swing") { cell.className = "num"; }
          cell.textContent = row[key];
          tr.appendChild(cell);
        });
        body.appendChild(tr);
      });
      table.hidden = false;
      var trace = document.getElementById("drivers-trace");
      trace.textContent = "scenario_hash " + answer.body.scenario_hash + " · engine " + answer.body.engine_version;
      trace.hidden = false;
      var link = document.getElementById("drivers-download");
      link.href = URL.createObjectURL(new Blob([JSON.stringify(result, null, 2)], {type: "application/json"}));
      document.getElementById("drivers-export").hidden = false;
    });
  }

  if (!run) { return; }
  run.addEventListener("click", function () {
    var request = Object.assign({}, template, {
      metric: document.getElementById("metric-select").value,
      parameters: chosenParameters(),
      language: document.documentElement.lang === "en" ? "en" : "sv"
    });
    showErrors([]);
    run.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    status.textContent = texts.running;
    fetch(form.dataset.start, {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf}, body: JSON.stringify(request)})
      .then(json).then(function (answer) {
        if (answer.status !== 202) { showErrors(answer.body.errors); run.disabled = false; progress.hidden = true; status.textContent = ""; return; }
        follow(answer.body.url);
      });
  });
})();
