/* Scenario builder: every change recomputes through the server (the engine) and redraws the charts.
   The page's address holds the choices that differ from where the builder started (and the saved
   scenario it edits), so an unsaved reform can be shared and opened again. */
(function () {
  "use strict";
  var form = document.getElementById("builder-form");
  if (!form) { return; }
  var results = document.getElementById("builder-results");
  var status = document.getElementById("builder-status");
  var stale = document.getElementById("builder-stale");
  var errors = document.getElementById("builder-errors");
  var headline = document.getElementById("builder-headline");
  var csrf = document.querySelector("[name=csrfmiddlewaretoken]").value;
  var lists = (form.dataset.lists || "").split(" ").filter(Boolean);
  var startCapitalRule = document.getElementById("start-capital-rule");
  var initial = JSON.parse(document.getElementById("builder-initial").textContent);
  var saved = {
    id: JSON.parse(document.getElementById("builder-scenario").textContent) || null,
    version: JSON.parse(document.getElementById("builder-version").textContent) || null
  };
  var english = document.documentElement.lang === "en";
  var locale = english ? "en-GB" : "sv-SE";
  var one = new Intl.NumberFormat(locale, {minimumFractionDigits: 1, maximumFractionDigits: 1});
  var texts = english ?
    {computing: "Computing…", copied: "The link is copied.", saved: "Saved", history: "History", overview: "Overview",
     unit: "SEK m", points: "pp"} :
    {computing: "Beräknar…", copied: "Länken är kopierad.", saved: "Sparat", history: "Historik", overview: "Översikt",
     unit: "mnkr", points: "p.e."};
  var lastDocument = null;
  var pending = null;
  var sequence = 0;

  /* The form's own fields (not its buttons, nor the saved scenario's id that the form carries
     when it is sent without JavaScript). */
  function isField(element) {
    return element.name && ["submit", "button", "hidden"].indexOf(element.type) < 0;
  }

  function formData() {
    var data = {};
    lists.forEach(function (name) { if (form.elements[name]) { data[name] = []; } });
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!isField(element)) { return; }
      if (lists.indexOf(element.name) >= 0) {
        if (element.checked) { data[element.name].push(element.value); }
      } else if (element.type === "checkbox") {
        data[element.name] = element.checked;
      } else if (element.type === "radio") {
        if (element.checked) { data[element.name] = element.value; }
      } else if (element.value !== "") { data[element.name] = element.value; }
    });
    return data;
  }

  function same(a, b) {
    if (Array.isArray(a) || Array.isArray(b)) {
      return JSON.stringify((a || []).slice().sort()) === JSON.stringify((b || []).slice().sort());
    }
    if (typeof a === "boolean" || typeof b === "boolean") { return Boolean(a) === Boolean(b); }
    return String(a === undefined || a === null ? "" : a) === String(b === undefined || b === null ? "" : b);
  }

  /* The address: the saved scenario, then every field that differs from the start, in form order. */
  function writeAddress(data) {
    var params = new URLSearchParams();
    if (saved.id) { params.set("scenario", saved.id); }
    var seen = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      var name = element.name;
      if (!isField(element) || seen[name] || name === "name") { return; }
      seen[name] = true;
      if (same(data[name], initial[name])) { return; }
      if (lists.indexOf(name) >= 0) {
        (data[name] || []).forEach(function (value) { params.append(name, value); });
        if (!(data[name] || []).length) { params.append(name, ""); }
      } else if (typeof data[name] === "boolean") {
        params.set(name, data[name] ? "1" : "0");
      } else {
        params.set(name, data[name] === undefined ? "" : data[name]);
      }
    });
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  function post(url, body) {
    return fetch(url, {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf}, body: JSON.stringify(body)})
      .then(function (response) { return response.json().then(function (json) { return {status: response.status, json: json}; }); });
  }

  /* A field's error is tied to it (aria-describedby, next to its help text) while it stands. */
  function describedBy(input, id, on) {
    var ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (x) { return x && x !== id; });
    if (on) { ids.push(id); }
    if (ids.length) { input.setAttribute("aria-describedby", ids.join(" ")); } else { input.removeAttribute("aria-describedby"); }
  }

  function showErrors(list) {
    form.querySelectorAll(".field-error").forEach(function (e) { e.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach(function (e) {
      e.removeAttribute("aria-invalid");
      describedBy(e, "error-" + e.name, false);
    });
    errors.innerHTML = "";
    var general = (list || []).filter(function (problem) {
      var slot = document.getElementById("error-" + problem.path);
      if (!slot) { return true; }
      slot.textContent = problem.message;
      var input = form.elements[problem.path];
      if (input && input.setAttribute) {
        input.setAttribute("aria-invalid", "true");
        describedBy(input, slot.id, true);
      }
      return false;
    });
    general.forEach(function (problem) {
      var item = document.createElement("li");
      item.textContent = (problem.path ? problem.path + ": " : "") + problem.message;
      errors.appendChild(item);
    });
    errors.hidden = !general.length;
  }

  function money(sek) { return one.format(sek / 1e6).replace("-", "\u2212") + "\u00a0" + texts.unit; }
  function signed(text, value) { return (value > 0 ? "+" : "") + text; }

  function showHeadline(items, year) {
    headline.innerHTML = "";
    items.forEach(function (item) {
      var box = document.createElement("div");
      box.className = "figure-card";
      var share = item.unit === "share";
      var value = share ? one.format(item.last * 100) + "\u00a0%" : money(item.last);
      box.innerHTML = "<dt></dt><dd></dd>";
      box.querySelector("dt").textContent = item.label + ", " + year;
      box.querySelector("dd").textContent = value.replace("-", "\u2212");
      if (item.difference !== undefined && item.difference !== null) {
        var versus = document.createElement("dd");
        versus.className = "versus change";
        var text = share ? one.format(item.difference * 100) + "\u00a0" + texts.points : money(item.difference);
        versus.textContent = signed(text, item.difference) + " " + headline.dataset.referenceLabel;
        box.appendChild(versus);
      }
      headline.appendChild(box);
    });
  }

  /* The answer in words: what the choices cost the region and how they differ from the rules they
     started from (the server writes the sentences from the projection's figures). */
  function showAnswer(sentences) {
    var box = document.getElementById("builder-answer");
    box.innerHTML = "";
    sentences.forEach(function (sentence) {
      var p = document.createElement("p");
      p.textContent = sentence;
      box.appendChild(p);
    });
    box.hidden = !sentences.length;
  }

  /* An empty start capital follows the preset's rule for the chosen centres: show what it comes to
     (the server wrote it into the document it ran). */
  function showStartCapital(doc) {
    if (!startCapitalRule) { return; }
    var conversion = (doc.levers || []).filter(function (lever) { return lever.type === "convert_form"; })[0];
    var byRule = form.elements.convert_start_capital && form.elements.convert_start_capital.value === "";
    var chosen = formData().convert_centres || [];
    startCapitalRule.hidden = !(conversion && byRule && chosen.length);
    if (!startCapitalRule.hidden) {
      startCapitalRule.textContent = startCapitalRule.dataset.label + " " + money(conversion.start_capital);
    }
  }

  function recompute() {
    var mine = ++sequence;
    var started = performance.now();
    var data = formData();
    writeAddress(data);
    status.textContent = texts.computing;
    post(form.dataset.preview, {form: data, id: saved.id}).then(function (answer) {
      if (mine !== sequence) { return; }
      if (answer.status !== 200) {
        showErrors(answer.json.errors);
        results.classList.add("stale");
        stale.hidden = false;
        status.textContent = "";
        return;
      }
      showErrors([]);
      results.classList.remove("stale");
      stale.hidden = true;
      lastDocument = answer.json.document;
      window.vardpengDraw(answer.json.figures);
      showHeadline(answer.json.headline, answer.json.last_year);
      showAnswer(answer.json.answer || []);
      showStartCapital(answer.json.document);
      var note = document.getElementById("builder-cost-note");
      note.textContent = answer.json.cost_views_note || "";
      note.hidden = !answer.json.cost_views_note;
      status.textContent = "\u2713 " + Math.round(performance.now() - started) + " ms";
      status.dataset.roundTripMs = Math.round(performance.now() - started);
    }).catch(function () { status.textContent = "\u26a0"; });
  }

  form.addEventListener("input", function () { clearTimeout(pending); pending = setTimeout(recompute, 250); });
  form.addEventListener("change", function () { clearTimeout(pending); pending = setTimeout(recompute, 50); });
  /* Sent as a page without JavaScript; here Enter recomputes at once, and "select all / none"
     ticks the boxes in place. */
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = event.submitter;
    if (button && button.dataset.select) {
      Array.prototype.forEach.call(form.querySelectorAll("input[name='" + button.dataset.select + "']"), function (box) {
        box.checked = button.value === "all";
      });
    }
    clearTimeout(pending);
    recompute();
  });
  form.querySelectorAll(".nojs-only").forEach(function (element) { element.hidden = true; });

  function link(text, href) {
    var a = document.createElement("a");
    a.href = href; a.textContent = text;
    return a;
  }

  function save(asNew) {
    post(form.dataset.save, {form: formData(), id: saved.id, version: saved.version, as_new: asNew}).then(function (answer) {
      if (answer.status !== 200) { showErrors(answer.json.errors); return; }
      saved = {id: answer.json.id, version: answer.json.version};
      var editing = document.getElementById("editing-version");
      if (editing) { editing.textContent = answer.json.version; }
      initial = formData();  // the saved choices are the new starting point of the address
      writeAddress(initial);
      var links = document.getElementById("saved-links");
      links.hidden = false;
      links.innerHTML = "";
      links.appendChild(document.createTextNode("\u2713 " + texts.saved + ": " + answer.json.name + " (v" + answer.json.version + ") · "));
      [[texts.overview, answer.json.dashboard_url], [texts.history, answer.json.history_url], ["JSON", answer.json.document_url],
       ["CSV", answer.json.csv_url], ["Excel", answer.json.xlsx_url]].forEach(function (pair, i) {
        if (i) { links.appendChild(document.createTextNode(" · ")); }
        links.appendChild(link(pair[0], pair[1]));
      });
      // A new scenario opens in the builder as itself (Save then makes its next version).
      if (asNew) { window.location.assign(answer.json.builder_url); }
    });
  }
  var saveButton = document.getElementById("save-button");
  if (saveButton) { saveButton.addEventListener("click", function () { save(false); }); }
  var saveNew = document.getElementById("save-new-button");
  if (saveNew) { saveNew.addEventListener("click", function () { save(true); }); }

  document.getElementById("copy-link").addEventListener("click", function () {
    var done = function () { status.textContent = texts.copied; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(window.location.href).then(done, done);
    } else {
      window.prompt("", window.location.href);
    }
  });

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
