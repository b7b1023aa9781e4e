// The letter as it will print, beside its wording: a pause in typing sends the form to the
// preview frame through its "Preview" button, which works alone without JavaScript.
(function () {
  "use strict";
  var form = document.querySelector("form[data-live-preview]");
  if (!form) { return; }
  var button = form.querySelector("button[formtarget]");
  if (!button || typeof form.requestSubmit !== "function") { return; }
  var timer = null;
  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { form.requestSubmit(button); }, 700);
  });
})();
