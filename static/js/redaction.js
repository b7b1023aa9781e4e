// Disclosure review: draw a rectangle on a screenshot to fill that item's area form with
// fractions of the picture's size, and select text to fill its passage form. Without
// JavaScript the same forms are typed in.
(function () {
  "use strict";

  function place(box, left, top, width, height) {
    box.style.left = left * 100 + "%";
    box.style.top = top * 100 + "%";
    box.style.width = width * 100 + "%";
    box.style.height = height * 100 + "%";
  }

  function round(value) {
    return Math.min(1, Math.max(0, Math.round(value * 10000) / 10000));
  }

  document.querySelectorAll("[data-redact-image]").forEach(function (frame) {
    frame.querySelectorAll("[data-box]").forEach(function (box) {
      var v = box.getAttribute("data-box").split(" ").map(Number);
      place(box, v[0], v[1], v[2], v[3]);
    });
    var article = frame.closest("[data-item]");
    var form = article && article.querySelector('[data-redaction-form="area"]');
    if (!form) { return; }
    var drawing = null;
    var start = null;

    function point(event) {
      var rect = frame.getBoundingClientRect();
      return {
        x: round((event.clientX - rect.left) / rect.width),
        y: round((event.clientY - rect.top) / rect.height)
      };
    }

    frame.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      start = point(event);
      if (!drawing) {
        drawing = document.createElement("div");
        drawing.className = "redact-box is-drawing";
        frame.appendChild(drawing);
      }
      place(drawing, start.x, start.y, 0, 0);
      frame.setPointerCapture(event.pointerId);
    });

    frame.addEventListener("pointermove", function (event) {
      if (!start) { return; }
      var p = point(event);
      place(drawing, Math.min(start.x, p.x), Math.min(start.y, p.y),
        Math.abs(p.x - start.x), Math.abs(p.y - start.y));
    });

    frame.addEventListener("pointerup", function (event) {
      if (!start) { return; }
      var p = point(event);
      var values = {
        left: Math.min(start.x, p.x),
        top: Math.min(start.y, p.y),
        width: round(Math.abs(p.x - start.x)),
        height: round(Math.abs(p.y - start.y))
      };
      start = null;
      Object.keys(values).forEach(function (name) {
        form.querySelector('[name="' + name + '"]').value = values[name];
      });
      var reason = form.querySelector('[name="reason"]');
      if (reason) { reason.focus(); }
    });
  });

  document.querySelectorAll("[data-passage-source]").forEach(function (source) {
    var article = source.closest("[data-item]");
    var form = article && article.querySelector('[data-redaction-form="passage"]');
    if (!form) { return; }
    source.addEventListener("mouseup", function () {
      var text = String(window.getSelection() || "").trim();
      if (!text) { return; }
      form.querySelector('[name="text"]').value = text;
      form.closest("details").open = true;
    });
  });
})();
