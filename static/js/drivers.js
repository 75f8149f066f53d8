/* What drives the result? Starts analysis jobs (POST /api/v1/analyses) — a tornado, a Sobol analysis,
   a break-even — follows their progress (cancel, and a reload follows the same job), then draws what
   the server builds in Python (GET /api/v1/jobs/{id}/tornado, /sobol, /answer). */
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
    cancelling: "Avbryter…", runs: " körningar av modellen",
    waiting: " — väntar: en beräkningsprocess stoppades, och det den inte hann med tas om av en annan inom några minuter."};
  if (document.documentElement.lang === "en") {
    texts = {running: "Computing…", done: "Done", failed: "The analysis failed", cancelled: "Cancelled",
      cancelling: "Cancelling…", runs: " runs of the model",
      waiting: " — waiting: a worker stopped, and another takes over what it left within a few minutes."};
  }
  // Progress that has not moved for this long (ms) is explained: a lost worker's part comes back only
  // after the broker's visibility timeout (README, "Jobs on workers").
  var STALLED = 20000;

  function reveal(id) { document.getElementById(id).hidden = false; }

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
      reveal("chart-tornado");
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

  /* Start a job and follow it. parts = {key, button, cancel, progress, status, errors, failed}; done(url, job)
     once it ends well; parts.failed(url, job, showErrors), when given, answers a failed job in words
     (and calls showErrors when it cannot). The job's URL is kept in sessionStorage under parts.key, so a reload follows
     the same job instead of losing it; parts.cancel (a button) asks the server to stop it. */
  function jobPanel(parts, done) {
    var storageKey = "vardpeng-job:" + window.location.pathname + ":" + parts.key;
    var current = null;
    var show = function (list) {
      parts.errors.innerHTML = "";
      parts.errors.hidden = !list || !list.length;
      (list || []).forEach(function (problem) {
        var item = document.createElement("li");
        item.textContent = (problem.path ? problem.path + ": " : "") + problem.message;
        parts.errors.appendChild(item);
      });
    };
    var busy = function (on) {
      parts.button.disabled = on;
      parts.progress.hidden = !on;
      if (parts.cancel) { parts.cancel.hidden = !on; }
    };
    var finish = function (text, problems) {
      busy(false);
      current = null;
      window.sessionStorage.removeItem(storageKey);
      parts.status.textContent = text;
      show(problems);
    };
    var moved = {progress: -1, at: 0};
    var poll = function (url) {
      current = url;
      window.sessionStorage.setItem(storageKey, url);
      busy(true);
      fetch(url, {credentials: "same-origin"}).then(json).then(function (answer) {
        var job = answer.body;
        if (answer.status !== 200) { finish("", job.errors); return; }
        parts.progress.value = job.progress;
        if (job.status === "queued" || job.status === "running") {
          var now = Date.now();
          if (job.progress !== moved.progress) { moved = {progress: job.progress, at: now}; }
          var stalled = job.status === "running" && now - moved.at > STALLED;
          parts.status.textContent = texts.running + " " + Math.round(job.progress * 100) + " %" +
            (stalled ? texts.waiting : "");
          setTimeout(function () { poll(url); }, 500);
          return;
        }
        if (job.status === "failed" && parts.failed) {
          finish(texts.done, []);
          parts.failed(url, job, function () { parts.status.textContent = texts.failed; show(job.errors); });
          return;
        }
        finish(texts[job.status] || job.status, job.status === "done" ? [] : job.errors);
        if (job.status === "done") { done(url, job); }
      }).catch(function () { setTimeout(function () { poll(url); }, 2000); });
    };
    if (parts.cancel) {
      parts.cancel.addEventListener("click", function () {
        if (!current) { return; }
        parts.cancel.disabled = true;
        fetch(current, {method: "DELETE", credentials: "same-origin", headers: {"X-CSRFToken": csrf}})
          .then(function () { parts.cancel.disabled = false; parts.status.textContent = texts.cancelling; });
      });
    }
    var resumed = window.sessionStorage.getItem(storageKey);
    if (resumed) { poll(resumed); }
    return function start(request) {
      show([]);
      busy(true);
      // Cancel shows once there is a job to cancel (poll), and only then does a reload follow it.
      if (parts.cancel) { parts.cancel.hidden = true; }
      parts.progress.value = 0;
      parts.status.textContent = texts.running;
      fetch(form.dataset.start, {method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRFToken": csrf}, body: JSON.stringify(request)})
        .then(json).then(function (answer) {
          if (answer.status !== 202) { finish("", answer.body.errors); return; }
          poll(answer.body.url);
        }).catch(function () { finish(texts.failed, []); });  // no answer, or not JSON: never stay busy
    };
  }

  var language = document.documentElement.lang === "en" ? "en" : "sv";
  var scenario = template.scenario;
  var beRun = document.getElementById("break-even-run");
  if (beRun) {
    var answerBox = document.getElementById("break-even-answer");
    var beTrace = document.getElementById("break-even-trace");
    // A goal not reached within the bounds is an answer too: the server says it in words (§11.5).
    var notReached = function (url, job, showErrors) {
      fetch(url + "/answer", {credentials: "same-origin"}).then(json).then(function (answer) {
        if (answer.status !== 200) { showErrors(); return; }
        answerBox.textContent = answer.body.sentence;
        answerBox.hidden = false;
      }).catch(showErrors);
    };
    var startBreakEven = jobPanel({key: "break-even", button: beRun, cancel: document.getElementById("break-even-cancel"),
      progress: document.getElementById("break-even-progress"), status: document.getElementById("break-even-status"),
      errors: document.getElementById("break-even-errors"), failed: notReached}, function (url) {
      fetch(url + "/answer", {credentials: "same-origin"}).then(json).then(function (answer) {
        answerBox.textContent = answer.body.sentence;
        answerBox.hidden = false;
        beTrace.textContent = answer.body.evaluations + texts.runs + " · scenario_hash " + answer.body.scenario_hash +
          " · engine " + answer.body.engine_version;
        beTrace.hidden = false;
      });
    });
    beRun.addEventListener("click", function () {
      var choice = document.getElementById("break-even-parameter").selectedOptions[0];
      var target = parseFloat(document.getElementById("break-even-target").value || "0") * 1e6;
      var request = {schema: "vardpeng.analysis/1", kind: "break_even", scenario: scenario, language: language,
        parameter: {path: choice.value, mode: choice.dataset.mode,
                    bounds: [parseFloat(choice.dataset.low), parseFloat(choice.dataset.high)]},
        target: {metric: document.getElementById("break-even-metric").value, value: target}};
      answerBox.hidden = true;
      beTrace.hidden = true;
      startBreakEven(request);
    });
  }

  var sobolRun = document.getElementById("sobol-run");
  if (sobolRun) {
    var sentence = document.getElementById("sobol-sentence");
    var sobolTrace = document.getElementById("sobol-trace");
    var startSobol = jobPanel({key: "sobol", button: sobolRun, cancel: document.getElementById("sobol-cancel"),
      progress: document.getElementById("sobol-progress"), status: document.getElementById("sobol-status"),
      errors: document.getElementById("sobol-errors")}, function (url) {
      fetch(url + "/sobol", {credentials: "same-origin"}).then(json).then(function (answer) {
        if (answer.status !== 200) { return; }
        reveal("chart-sobol");
        window.vardpengDraw({sobol: answer.body.figure});
        sentence.textContent = answer.body.sentence;
        sentence.hidden = false;
        sobolTrace.textContent = answer.body.evaluations + texts.runs + " · scenario_hash " + answer.body.scenario_hash +
          " · engine " + answer.body.engine_version;
        sobolTrace.hidden = false;
      });
    });
    sobolRun.addEventListener("click", function () {
      sentence.hidden = true;
      sobolTrace.hidden = true;
      startSobol({schema: "vardpeng.analysis/1", kind: "sobol", scenario: scenario, language: language,
        metric: document.getElementById("metric-select").value, parameters: chosenParameters().filter(function (p) {
          return !("low" in p);
        }), samples: parseInt(document.getElementById("sobol-samples").value, 10), seed: 1});
    });
  }

  if (!run) { return; }
  var startTornado = jobPanel({key: "tornado", button: run, cancel: document.getElementById("drivers-cancel"),
    progress: progress, status: status, errors: errors}, function (url, job) { draw(url, job.result); });
  run.addEventListener("click", function () {
    startTornado(Object.assign({}, template, {
      metric: document.getElementById("metric-select").value,
      parameters: chosenParameters(),
      language: language
    }));
  });
})();
