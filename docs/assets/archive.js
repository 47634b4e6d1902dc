// Annotated News Archive: claim cards (hover, focus, Escape) and permalink marking.
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

  // Claims that moved to another article: their old addresses lead there.
  function followMovedClaim() {
    var holder = document.querySelector("[data-claim-moves]");
    var hash = window.location.hash;
    if (!holder || !hash || document.getElementById(decodeURIComponent(hash.slice(1)))) return;
    var moves = JSON.parse(holder.getAttribute("data-claim-moves"));
    if (Object.prototype.hasOwnProperty.call(moves, hash)) window.location.replace(moves[hash]);
  }

  function setUp() {
    followMovedClaim();
    setUpCards();
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
