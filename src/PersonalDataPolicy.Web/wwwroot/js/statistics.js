// Loaded only after the visitor accepted anonymous statistics: counts this page view, nothing else.
(function () {
  if (navigator.sendBeacon) {
    navigator.sendBeacon('/statistics/hit', new URLSearchParams({ path: location.pathname }));
  }
})();
