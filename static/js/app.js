// ConductDesk: small progressive enhancements. Everything works without JavaScript.
(function () {
  "use strict";
  // Move focus to the error summary so screen-reader and keyboard users hear what went wrong.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  // A second click while a form is sending does nothing (the server refuses duplicates too).
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function () {
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

  // The staff header's menus (details elements) close when the user clicks elsewhere or
  // presses Escape, as a menu does; without JavaScript they close by clicking their button.
  var menus = document.querySelectorAll("details.staff-menu");
  function closeMenus(except) {
    menus.forEach(function (menu) { if (menu !== except) { menu.open = false; } });
  }
  document.addEventListener("click", function (event) {
    closeMenus(event.target.closest ? event.target.closest("details.staff-menu") : null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var open = document.querySelector("details.staff-menu[open]");
    if (open) { open.open = false; open.querySelector("summary").focus(); }
  });
})();
