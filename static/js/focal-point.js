// The photo's focal point, chosen by clicking the photo (the admin's photo form).
// A click on the saved photo's preview, or on the preview of a newly chosen file, writes
// the point into "Titik fokus (horizontal)" and "(vertikal)" in the Indonesian way
// ("0,35") and marks it; typing a value moves the mark. The two fields remain the way to
// set it by keyboard. No inline script: the page's CSP allows only our own files.
(function () {
  "use strict";

  function parse(text) {
    var value = parseFloat(String(text).trim().replace(",", "."));
    return isNaN(value) ? null : Math.min(1, Math.max(0, value));
  }

  function format(value) {
    return (Math.round(value * 100) / 100).toString().replace(".", ",");
  }

  function setUp(fieldX, fieldY) {
    var pickers = [];

    function place(picker) {
      var x = parse(fieldX.value), y = parse(fieldY.value);
      picker.marker.hidden = x === null || y === null;
      if (!picker.marker.hidden) {
        picker.marker.style.left = x * 100 + "%";
        picker.marker.style.top = y * 100 + "%";
      }
    }

    function attach(img) {
      if (img.closest(".focal-picker")) return;
      var picker = { frame: document.createElement("span"), marker: document.createElement("span") };
      picker.frame.className = "focal-picker";
      picker.frame.title = "Klik untuk memilih titik fokus";
      picker.marker.className = "focal-marker";
      img.parentNode.insertBefore(picker.frame, img);
      picker.frame.appendChild(img);
      picker.frame.appendChild(picker.marker);
      picker.frame.addEventListener("click", function (event) {
        var box = img.getBoundingClientRect();
        if (!box.width || !box.height) return;
        fieldX.value = format(Math.min(1, Math.max(0, (event.clientX - box.left) / box.width)));
        fieldY.value = format(Math.min(1, Math.max(0, (event.clientY - box.top) / box.height)));
        [fieldX, fieldY].forEach(function (field) {
          field.dispatchEvent(new Event("change", { bubbles: true }));
        });
        pickers.forEach(place);
      });
      pickers.push(picker);
      place(picker);
    }

    [fieldX, fieldY].forEach(function (field) {
      field.addEventListener("input", function () { pickers.forEach(place); });
    });

    var saved = document.querySelector(".field-preview img");
    if (saved) attach(saved);
    // The preview of a newly chosen file (photo-preview.js) gets a picker once it shows.
    document.addEventListener("load", function (event) {
      var target = event.target;
      if (target instanceof HTMLImageElement && target.classList.contains("photo-upload-preview")) {
        attach(target);
      }
    }, true);

    var hint = document.createElement("div");
    hint.className = "help focal-hint";
    hint.textContent = "Atau klik pratinjau foto di atas untuk memilih titik fokus.";
    var row = fieldY.closest(".form-row");
    if (row) row.appendChild(hint);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var fieldX = document.querySelector('input[name="focal_x"]');
    var fieldY = document.querySelector('input[name="focal_y"]');
    if (fieldX && fieldY && !fieldX.disabled) setUp(fieldX, fieldY);
  });
})();
