// Names the admin's search-as-you-type selects (Django's autocomplete fields, drawn by
// select2) after their field's label, for screen readers: select2 names its box only by
// the chosen value, so an empty one has no name at all. Runs on every admin page.
(function () {
  "use strict";

  function name(box) {
    var container = box.closest(".select2-container");
    var select = container && container.previousElementSibling;
    if (!select || select.tagName !== "SELECT" || !select.id) return;
    var label = document.querySelector('label[for="' + select.id + '"]');
    if (!label) return;
    if (!label.id) label.id = select.id + "-label";
    var shown = box.querySelector(".select2-selection__rendered");
    // "Reporter: Sari Wulandari": the field's label, then the chosen value (if any).
    var names = shown && shown.id ? label.id + " " + shown.id : label.id;
    box.setAttribute("aria-labelledby", names);
    if (shown && shown.id) shown.setAttribute("aria-labelledby", names);
  }

  function nameAll(root) {
    root.querySelectorAll(".select2-selection[role=combobox]").forEach(name);
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameAll(document);
    // select2 draws its boxes when jQuery is ready, and again for each inline row added.
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (node) {
          if (node.nodeType === 1) nameAll(node.parentNode || node);
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  });
})();
