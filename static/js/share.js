// "Salin tautan": copy the article's address. Without JavaScript it is a plain link.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.copy-link");
  if (!link || !navigator.clipboard) return;
  event.preventDefault();
  navigator.clipboard.writeText(link.href).then(function () {
    link.textContent = link.getAttribute("data-copied");
  });
});
