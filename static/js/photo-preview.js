// Shows the chosen photo before it is uploaded (the admin's photo form).
(function () {
  "use strict";
  function attach(input) {
    var preview = document.createElement("img");
    preview.className = "photo-upload-preview";
    preview.alt = "";
    preview.hidden = true;
    preview.style.maxWidth = "480px";
    preview.style.maxHeight = "360px";
    preview.style.display = "block";
    preview.style.marginTop = "0.5rem";
    // Below the field's row (the admin lays the row out as a flex box).
    (input.closest(".flex-container") || input).insertAdjacentElement("afterend", preview);
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file || !/^image\/(jpeg|png|webp)$/.test(file.type)) {
        preview.hidden = true; // HEIC and others: the browser cannot show them; the server checks all
        return;
      }
      var reader = new FileReader();
      reader.onload = function () {
        preview.src = reader.result;
        preview.hidden = false;
      };
      reader.readAsDataURL(file);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var input = document.querySelector('input[type="file"][name="image"]');
    if (input) attach(input);
  });
})();
