// The year control of the network page and the map (template _years.html): shows the network in one
// year, up to a year, or over all years, with play. The choice goes in the URL as year_from / year_to
// (the filters' own fields); the page redraws through `onChange(params)`, which returns a promise:
// play waits for each step to be drawn before the next.
//
//   PartnerYears({ onChange: function (params) { return fetchAndDraw(params); } });
(function () {
  "use strict";

  const STEP_MS = 900;

  window.PartnerYears = function (config) {
    const box = document.getElementById("years");
    if (!box) return null;
    const first = Number(box.dataset.first);
    const last = Number(box.dataset.last);
    const range = document.getElementById("years-range");
    const mode = document.getElementById("years-mode");
    const value = document.getElementById("years-value");
    const play = document.getElementById("years-play");
    let playing = null;
    let pending = Promise.resolve();

    function fromUrl() {
      const params = new URL(window.location.href).searchParams;
      const from = params.get("year_from");
      const to = params.get("year_to");
      if (from && to && from === to) { mode.value = "in"; range.value = to; }
      else if (to && !from) { mode.value = "upto"; range.value = to; }
      else mode.value = "all";
      show();
    }

    function show() {
      range.disabled = mode.value === "all";
      value.textContent = mode.value === "all" ? first + "–" + last
        : (mode.value === "upto" ? "≤ " : "") + range.value;
    }

    function params() {
      const year = range.value;
      if (mode.value === "in") return { year_from: year, year_to: year };
      if (mode.value === "upto") return { year_from: null, year_to: year };
      return { year_from: null, year_to: null };
    }

    function apply() {
      show();
      const asked = params();
      const url = new URL(window.location.href);
      Object.keys(asked).forEach(function (k) {
        if (asked[k] === null) url.searchParams.delete(k);
        else url.searchParams.set(k, asked[k]);
      });
      window.history.replaceState({}, "", url);
      ["year_from", "year_to"].forEach(function (k) {  // the filters' form says the same
        const field = document.querySelector("#filters [name=" + k + "]");
        if (field) field.value = asked[k] || "";
      });
      const started = performance.now();
      pending = Promise.resolve(config.onChange(asked)).then(function () {
        box.dataset.stepMs = String(Math.round(performance.now() - started));
        box.dataset.shown = value.textContent;
      });
      return pending;
    }

    function stop() {
      if (playing) window.clearTimeout(playing);
      playing = null;
      play.setAttribute("aria-pressed", "false");
      play.textContent = "▶ " + play.dataset.play;
    }

    function step() {
      if (Number(range.value) >= last) { stop(); return; }
      range.value = String(Number(range.value) + 1);
      apply().then(function () { if (playing) playing = window.setTimeout(step, STEP_MS); });
    }

    play.addEventListener("click", function () {
      if (playing) { stop(); return; }
      if (mode.value === "all") mode.value = "upto";
      if (Number(range.value) >= last) range.value = String(first);
      play.setAttribute("aria-pressed", "true");
      play.textContent = "❚❚ " + play.dataset.pause;
      playing = window.setTimeout(function () {}, 0);
      apply().then(function () { if (playing) playing = window.setTimeout(step, STEP_MS); });
    });
    range.addEventListener("input", function () { stop(); apply(); });
    mode.addEventListener("change", function () { stop(); apply(); });
    fromUrl();
    return { params: params, stop: stop };
  };
})();
