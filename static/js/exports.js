// ConductDesk exports: keep a progress bar up to date by polling its JSON status, then reload
// the page to show the download link. Without JavaScript the page refreshes itself instead.
(function () {
  "use strict";
  var box = document.querySelector("[data-export-status]");
  if (!box) { return; }
  var url = box.getAttribute("data-export-status");
  var bar = box.querySelector("progress");
  var label = box.querySelector("[data-export-label]");
  var delay = 1000;

  function show(state) {
    if (bar) { bar.value = state.percent; bar.textContent = state.percent + "%"; }
    if (label) {
      label.textContent = state.label + (state.total ? " — " + state.done + " of " + state.total + " rows" : "");
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (state.finished) { window.location.reload(); return; }
        delay = Math.min(delay * 1.5, 5000);
        window.setTimeout(poll, delay);
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }

  window.setTimeout(poll, delay);
})();
