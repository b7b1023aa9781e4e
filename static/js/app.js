// ConductDesk: small progressive enhancements. Everything works without JavaScript.
(function () {
  "use strict";
  // Move focus to the error summary so screen-reader and keyboard users hear what went wrong.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  // A second click while a form is sending does nothing (the server refuses duplicates too).
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      // A button that sends the form into a frame (a letter's preview) saves nothing.
      if (event.submitter && event.submitter.hasAttribute("formtarget")) { return; }
      if (form.dataset.sending === "1") { return; }
      form.dataset.sending = "1";
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (button) {
          button.disabled = true;
          button.textContent = button.dataset.sendingText || "Sending…";
        });
      }, 0);
    });
  });

  // Closing a case: the message to the reporter follows the outcome chosen, from the school's
  // standard message for it, unless staff have already written their own.
  var outcomeTexts = document.getElementById("outcome-messages");
  var outcome = document.getElementById("id_outcome");
  var toReporter = document.getElementById("id_reporter_message");
  if (outcomeTexts && outcome && toReporter) {
    var texts = JSON.parse(outcomeTexts.textContent);
    var filled = toReporter.value;
    outcome.addEventListener("change", function () {
      if (toReporter.value !== filled) { return; }
      toReporter.value = texts[outcome.value] || "";
      filled = toReporter.value;
    });
  }

  // The case page's menus and the staff header's are <details>: one open at a time; Escape or
  // a click elsewhere closes it, and Escape gives the focus back to the menu's button.
  var menus = document.querySelectorAll("details.case-menu, details.staff-menu");
  menus.forEach(function (menu) {
    menu.addEventListener("toggle", function () {
      if (!menu.open) { return; }
      menus.forEach(function (other) { if (other !== menu) { other.open = false; } });
    });
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
  });
  if (menus.length) {
    document.addEventListener("click", function (event) {
      menus.forEach(function (menu) {
        if (menu.open && !menu.contains(event.target)) { menu.open = false; }
      });
    });
  }
})();
