// Cache-safe read counting: the article page reports one read to its own site.
(function () {
  var script = document.currentScript;
  var url = script && script.getAttribute("data-url");
  if (!url || document.visibilityState === "prerender") return;
  if (navigator.sendBeacon) {
    navigator.sendBeacon(url);
  } else {
    fetch(url, { method: "POST", credentials: "same-origin", keepalive: true });
  }
})();
