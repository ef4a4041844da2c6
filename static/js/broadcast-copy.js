// "Salin" beside the WhatsApp broadcast text in the admin: copy the whole text. Without
// JavaScript the button stays hidden and the read-only text is selected by hand.
(function () {
  document.querySelectorAll("button.broadcast-copy").forEach(function (button) {
    var text = document.getElementById(button.getAttribute("data-target"));
    var status = button.parentNode.querySelector(".broadcast-status");
    if (!text) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      function done() {
        if (status) status.textContent = button.getAttribute("data-copied");
      }
      text.focus();
      text.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text.value).then(done, function () {
          if (document.execCommand("copy")) done();
        });
      } else if (document.execCommand("copy")) {
        done();
      }
    });
  });
})();
