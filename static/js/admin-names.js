// Accessible names that Django's admin leaves out (screen readers and axe need them).
// - An autocomplete box (select2) is named only by its current choice, which is empty
//   until something is chosen: the field's label now names it too.
// - A tabular inline's first header cell, over each saved row's name, is empty.
(function () {
  "use strict";

  function nameAutocompletes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = document.querySelector('label[for="' + select.id + '"]');
      var box = select.nextElementSibling;
      if (!label || !box || !box.classList.contains("select2")) return;
      label.id = label.id || select.id + "_label";
      box.querySelectorAll("[aria-labelledby], .select2-selection__rendered").forEach(
        function (element) {
          var choice = element.id || element.getAttribute("aria-labelledby");
          element.setAttribute("aria-labelledby", label.id + " " + choice);
        }
      );
    });
  }

  function nameInlineHeaders(root) {
    root.querySelectorAll(".tabular thead th.original:empty").forEach(function (cell) {
      var name = document.createElement("span");
      name.className = "visually-hidden";
      name.textContent = "Tersimpan";
      cell.appendChild(name);
    });
  }

  function nameAll() {
    nameAutocompletes(document);
    nameInlineHeaders(document);
  }

  // The autocomplete boxes are made in a jQuery ready handler (admin/js/autocomplete.js,
  // run before this deferred script): a handler queued after it finds them made.
  if (window.django && window.django.jQuery) {
    window.django.jQuery(nameAll);
  } else {
    document.addEventListener("DOMContentLoaded", nameAll);
  }
  document.addEventListener("formset:added", function (event) {
    nameAutocompletes(event.target);
  });
})();
