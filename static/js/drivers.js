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
  var texts = {running: "Beräknar…", done: "Klart", failed: "Analysen misslyckades", cancelled: "Avbruten",
    runs: " körningar av modellen"};
  if (document.documentElement.lang === "en") {
    texts = {running: "Computing…", done: "Done", failed: "The analysis failed", cancelled: "Cancelled",
      runs: " runs of the model"};
  }

  // Choosing another scenario or figure reloads the page for it (the scenario document comes with it).
  ["scenario-select", "metric-select"].forEach(function (id) {
    document.getElementById(id).addEventListener("change", function () { form.submit(); });
  });

  function json(response) {
    return response.json().then(function (body) { return {status: response.status, body: body}; });
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

  function draw(url, result) {
    fetch(url + "/tornado", {credentials: "same-origin"}).then(json).then(function (answer) {
      if (answer.status !== 200) { return; }
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

  /* Start a job and follow it: parts = {button, progress, status, errors}; done(url, job) once it ends well. */
  function runJob(request, parts, done) {
    var show = function (list) {
      parts.errors.innerHTML = "";
      parts.errors.hidden = !list || !list.length;
      (list || []).forEach(function (problem) {
        var item = document.createElement("li");
        item.textContent = (problem.path ? problem.path + ": " : "") + problem.message;
        parts.errors.appendChild(item);
      });
    };
    var finish = function (text, problems) {
      parts.button.disabled = false;
      parts.progress.hidden = true;
      parts.status.textContent = text;
      show(problems);
    };
    show([]);
    parts.button.disabled = true;
    parts.progress.hidden = false;
    parts.progress.value = 0;
    parts.status.textContent = texts.running;
    var poll = function (url) {
      fetch(url, {credentials: "same-origin"}).then(json).then(function (answer) {
        var job = answer.body;
        if (answer.status !== 200) { finish("", job.errors); return; }
        parts.progress.value = job.progress;
        if (job.status === "queued" || job.status === "running") {
          parts.status.textContent = texts.running + " " + Math.round(job.progress * 100) + " %";
          setTimeout(function () { poll(url); }, 400);
          return;
        }
        finish(texts[job.status] || job.status, job.status === "done" ? [] : job.errors);
        if (job.status === "done") { done(url, job); }
      });
    };
    fetch(form.dataset.start, {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf}, body: JSON.stringify(request)})
      .then(json).then(function (answer) {
        if (answer.status !== 202) { finish("", answer.body.errors); return; }
        poll(answer.body.url);
      });
  }

  var language = document.documentElement.lang === "en" ? "en" : "sv";
  var scenario = template.scenario;
  var beRun = document.getElementById("break-even-run");
  if (beRun) {
    beRun.addEventListener("click", function () {
      var choice = document.getElementById("break-even-parameter").selectedOptions[0];
      var target = parseFloat(document.getElementById("break-even-target").value || "0") * 1e6;
      var request = {schema: "vardpeng.analysis/1", kind: "break_even", scenario: scenario, language: language,
        parameter: {path: choice.value, mode: choice.dataset.mode,
                    bounds: [parseFloat(choice.dataset.low), parseFloat(choice.dataset.high)]},
        target: {metric: document.getElementById("break-even-metric").value, value: target}};
      var answerBox = document.getElementById("break-even-answer");
      var trace = document.getElementById("break-even-trace");
      answerBox.hidden = true;
      trace.hidden = true;
      runJob(request, {button: beRun, progress: document.getElementById("break-even-progress"),
        status: document.getElementById("break-even-status"), errors: document.getElementById("break-even-errors")},
        function (url) {
          fetch(url + "/answer", {credentials: "same-origin"}).then(json).then(function (answer) {
            answerBox.textContent = answer.body.sentence;
            answerBox.hidden = false;
            trace.textContent = answer.body.evaluations + texts.runs + " · scenario_hash " + answer.body.scenario_hash +
              " · engine " + answer.body.engine_version;
            trace.hidden = false;
          });
        });
    });
  }

  if (!run) { return; }
  run.addEventListener("click", function () {
    var request = Object.assign({}, template, {
      metric: document.getElementById("metric-select").value,
      parameters: chosenParameters(),
      language: language
    });
    runJob(request, {button: run, progress: progress, status: status, errors: errors}, function (url, job) {
      draw(url, job.result);
    });
  });
})();
