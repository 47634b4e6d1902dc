// Annotated News Archive: claim cards (hover, focus, Escape), permalink marking, claims filters.
// Plain script, no dependencies, nothing loaded from elsewhere.
(function () {
  "use strict";

  function pinOf(claimId) {
    var text = document.getElementById("claim-text-" + claimId);
    return text ? text.querySelector(".claim-pin") : null;
  }

  function closeAll(except) {
    document.querySelectorAll(".claim-pin.is-open").forEach(function (pin) {
      if (pin !== except) pin.classList.remove("is-open");
    });
  }

  function setUpCards() {
    var body = document.querySelector(".article-text");
    if (!body || body.dataset.cardsReady) return;
    body.dataset.cardsReady = "1";
    body.addEventListener("mouseover", function (event) {
      var mark = event.target.closest("mark.claim");
      if (!mark || event.target.closest(".claim-card")) return;
      var pin = pinOf(mark.dataset.claim);
      if (!pin) return;
      closeAll(pin);
      pin.classList.remove("is-dismissed");
      pin.classList.add("is-open");
    });
    body.addEventListener("mouseleave", function () { closeAll(null); });
    body.addEventListener("focusin", function (event) {
      var pin = event.target.closest(".claim-pin");
      if (pin) { closeAll(pin); pin.classList.remove("is-dismissed"); }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      document.querySelectorAll(".claim-pin").forEach(function (pin) {
        if (pin.classList.contains("is-open") || pin.contains(document.activeElement)) {
          pin.classList.remove("is-open");
          pin.classList.add("is-dismissed");
        }
      });
    });
  }

  function markTarget() {
    document.querySelectorAll("mark.claim.is-targeted").forEach(function (m) { m.classList.remove("is-targeted"); });
    var match = /^#claim-(.+)$/.exec(window.location.hash);
    if (!match) return;
    var id = decodeURIComponent(match[1]);
    document.querySelectorAll('mark.claim[data-claim="' + CSS.escape(id) + '"]').forEach(function (m) {
      m.classList.add("is-targeted");
    });
  }

  function setUpFilters() {
    var form = document.querySelector(".claims-filter");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var rows = Array.prototype.slice.call(document.querySelectorAll(".claims-table tbody tr"));
    var output = form.querySelector(".claims-filter__count");
    function apply() {
      var wanted = {};
      form.querySelectorAll("select[data-filter]").forEach(function (s) { if (s.value) wanted[s.dataset.filter] = s.value; });
      var shown = 0;
      rows.forEach(function (row) {
        var ok = Object.keys(wanted).every(function (key) {
          var value = row.dataset[key] || "";
          return key === "tags" ? value.split(" ").indexOf(wanted[key]) !== -1 : value === wanted[key];
        });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      if (output) output.textContent = shown + " of " + rows.length + " claims";
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }

  function setUp() {
    setUpCards();
    setUpFilters();
    markTarget();
  }

  window.addEventListener("hashchange", markTarget);
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
