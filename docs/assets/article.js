// Annotated News Archive: the article page.
//
// A claim's card opens on a click or tap on its words or its number, on Enter or Space on the
// number, and when the address names the claim (#claim-<id>, from any page, a search result or a
// permalink); it closes on Escape, a click or tap elsewhere, or Tab out of it. The card is placed
// in the page (it scrolls with the words, never floats), inside the viewport, right after its
// number in the tab order. On wide screens each claim's note sits in the margin at the height of
// its words. The raw text and the cleaning log are fetched when their section is opened.
// Plain script, no dependencies, nothing loaded from elsewhere.
(function () {
  "use strict";

  var GAP = 6; // px between a highlight and its card
  var EDGE = 8; // px kept free at the viewport's edges
  var open = null; // {id, pin, marker, card}
  var hovered = null;
  var frame = 0;

  function byId(id) { return document.getElementById(id); }
  function marksOf(id) { return document.querySelectorAll('mark.claim[data-claim="' + CSS.escape(id) + '"]'); }
  function noteOf(id) { return byId("note-" + id); }

  function firstMark(id) {
    var mark = byId("claim-" + id);
    return mark && mark.matches("mark.claim") ? mark : null;
  }

  function pinOf(id) {
    var mark = firstMark(id);
    return mark ? mark.querySelector(":scope > .claim-pin") : null;
  }

  // The claim an address names: its words' id, or an old id of a renamed claim inside them.
  function claimOfHash() {
    var element = null;
    try { element = byId(decodeURIComponent(location.hash.slice(1))); } catch (error) { return null; }
    if (!element) return null;
    var mark = element.closest("mark.claim[data-claim]");
    if (!mark || (element !== mark && !element.classList.contains("claim-alias"))) return null;
    return mark.dataset.claim;
  }

  // Whether the notes stand beside the text (a wide screen) rather than below it.
  function beside() {
    var notes = document.querySelector(".claim-notes");
    var text = document.querySelector(".article-text");
    if (!notes || !text) return false;
    return notes.getBoundingClientRect().left >= text.getBoundingClientRect().right - 1;
  }

  function headerBottom() {
    var header = document.querySelector(".md-header");
    return header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
  }

  // Every line box of a claim's words, in order (a claim may be split into fragments).
  function lineBoxes(id) {
    var boxes = [];
    marksOf(id).forEach(function (mark) {
      Array.prototype.forEach.call(mark.getClientRects(), function (rect) {
        if (rect.width > 0 && rect.height > 0) boxes.push(rect);
      });
    });
    boxes.sort(function (a, b) { return a.top - b.top || a.left - b.left; });
    return boxes;
  }

  // ------------------------------------------------------------------------------------------
  // The card
  // ------------------------------------------------------------------------------------------

  function buildCard(id, marker) {
    var note = noteOf(id);
    var card = document.createElement("div");
    card.className = "claim-popover";
    card.id = "claim-card";
    card.setAttribute("role", "dialog");
    card.setAttribute("aria-label", marker.getAttribute("aria-label") || "Claim");

    var head = note.querySelector(".claim-note__head").cloneNode(true);
    head.className = "claim-popover__head";
    var number = head.querySelector("a.claim-marker"); // it leads to the words, which are right here
    if (number) number.remove();
    card.appendChild(head);
    card.appendChild(note.querySelector(".claim-note__summary").cloneNode(true));
    var facts = note.querySelector(".claim-note__facts");
    if (facts) {
      facts = facts.cloneNode(true);
      facts.className = "claim-popover__facts";
      card.appendChild(facts);
    }

    var actions = document.createElement("p");
    actions.className = "claim-popover__actions";
    var cite = document.createElement("button");
    cite.type = "button";
    cite.dataset.cite = id;
    cite.textContent = "Cite this claim";
    var link = document.createElement("a");
    link.href = "#claim-" + id;
    link.textContent = "Link to this claim";
    actions.append(cite, link);
    card.appendChild(actions);

    var close = document.createElement("button");
    close.type = "button";
    close.className = "claim-popover__close";
    close.setAttribute("aria-label", "Close");
    close.textContent = "×";
    card.appendChild(close);

    card.querySelectorAll("[id]").forEach(function (element) { if (element !== card) element.removeAttribute("id"); });
    return card;
  }

  function setActive(id, active) {
    marksOf(id).forEach(function (mark) { mark.classList.toggle("is-active", active); });
    var note = noteOf(id);
    if (note) note.classList.toggle("is-active", active);
  }

  function openCard(id, reveal) {
    var pin = pinOf(id);
    var marker = pin && pin.querySelector("a.claim-marker");
    if (!marker || !noteOf(id)) return;
    if (!open || open.id !== id) {
      closeCard(false);
      var card = buildCard(id, marker);
      pin.appendChild(card); // right after the number: Tab goes from the number into the card
      marker.setAttribute("aria-expanded", "true");
      setActive(id, true);
      open = {id: id, pin: pin, marker: marker, card: card};
    }
    place();
    if (reveal) show();
  }

  function closeCard(refocus) {
    if (!open) return;
    var was = open;
    open = null;
    var focused = was.card.contains(document.activeElement);
    was.card.remove();
    was.marker.setAttribute("aria-expanded", "false");
    setActive(was.id, false);
    if (refocus || focused) was.marker.focus({preventScroll: true});
  }

  function toggleCard(id) {
    if (open && open.id === id) closeCard(false);
    else openCard(id, true);
  }

  // Put an absolutely positioned element at viewport coordinates, whatever its containing block.
  function moveTo(element, left, top) {
    element.style.left = "0px";
    element.style.top = "0px";
    var origin = element.getBoundingClientRect();
    element.style.left = Math.round(left - origin.left) + "px";
    element.style.top = Math.round(top - origin.top) + "px";
  }

  // Beside the text: over the margin, at the height of the words. Otherwise: under the words
  // (under their first line when they are too long to leave room), as wide as the text allows.
  function place() {
    if (!open) return;
    var card = open.card;
    var lines = lineBoxes(open.id);
    if (!lines.length) return;
    var first = lines[0];
    var last = lines[lines.length - 1];
    var width = document.documentElement.clientWidth;
    var room = window.innerHeight - headerBottom() - 2 * EDGE;
    var left, top, cardWidth, height;
    if (open.pin.closest(".article-text") && beside()) {
      var column = document.querySelector(".claim-notes").getBoundingClientRect();
      cardWidth = Math.min(Math.max(column.width, 256), width - column.left - EDGE);
      left = Math.min(column.left, width - EDGE - cardWidth);
      top = first.top - 4;
      height = room;
    } else {
      var area = (open.pin.closest(".article-layout") || document.querySelector(".md-content__inner") || document.body)
        .getBoundingClientRect();
      var low = Math.max(EDGE, area.left);
      var high = Math.min(width - EDGE, area.right);
      cardWidth = Math.min(high - low, 400);
      left = Math.max(low, Math.min(first.left, high - cardWidth));
      var under = last.bottom - first.top <= room / 2 ? last : first;
      top = under.bottom + GAP;
      height = Math.max(room * 0.45, room - (top - first.top));
    }
    card.style.width = Math.floor(cardWidth) + "px";
    card.style.maxHeight = Math.floor(height) + "px";
    moveTo(card, left, top);
  }

  // Scroll as little as needed for the words and the card to be in view (the card wins when both
  // do not fit).
  function show() {
    if (!open) return;
    var lines = lineBoxes(open.id);
    if (!lines.length) return;
    var card = open.card.getBoundingClientRect();
    var low = headerBottom() + EDGE;
    var high = window.innerHeight - EDGE;
    var top = Math.min(lines[0].top, card.top);
    var bottom = Math.max(lines[lines.length - 1].bottom, card.bottom);
    var delta = 0;
    if (bottom - top <= high - low) {
      if (top < low) delta = top - low;
      else if (bottom > high) delta = bottom - high;
    } else {
      delta = card.bottom - high;
    }
    if (Math.abs(delta) >= 1) window.scrollBy({top: delta, left: 0, behavior: "instant"});
  }

  function cite(button) {
    var box = document.querySelector(".cite-this");
    var mark = firstMark(button.dataset.cite);
    if (!box || !mark) return;
    var data = box.dataset;
    var url = data.citeUrl + "#claim-" + button.dataset.cite;
    var citation = (mark.dataset.speaker || data.citeOutlet) + ", quoted by " + data.citeOutlet + " (" + data.citeDate + "), "
      + data.citeSite + ", " + url;
    var holder = button.closest(".claim-popover");
    var shown = holder.querySelector(".claim-popover__cite");
    if (!shown) {
      shown = document.createElement("p");
      shown.className = "claim-popover__cite";
      holder.insertBefore(shown, holder.querySelector(".claim-popover__close"));
    }
    shown.textContent = citation;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(citation).then(function () { button.textContent = "Citation copied"; }, function () {});
    }
    place();
    show();
  }

  // ------------------------------------------------------------------------------------------
  // The margin: each note at the height of its words, never over the note before it
  // ------------------------------------------------------------------------------------------

  function alignNotes() {
    var list = document.querySelector(".claim-notes__list");
    if (!list) return;
    var items = Array.prototype.slice.call(list.children);
    items.forEach(function (item) { item.style.marginTop = ""; });
    if (!beside()) return;
    var origin = list.getBoundingClientRect().top;
    var gap = parseFloat(getComputedStyle(list).rowGap) || 0;
    var wanted = items.map(function (item) {
      var mark = firstMark(item.dataset.claim);
      var inText = mark && mark.closest(".article-text");
      return {want: inText ? mark.getBoundingClientRect().top - origin - 3 : 0, height: item.offsetHeight};
    });
    var bottom = 0;
    var margins = wanted.map(function (note, index) {
      var natural = index ? bottom + gap : 0;
      var top = Math.max(note.want, natural);
      bottom = top + note.height;
      return top - natural;
    });
    items.forEach(function (item, index) { if (margins[index] >= 1) item.style.marginTop = Math.round(margins[index]) + "px"; });
  }

  function relayout() {
    if (frame) return;
    frame = requestAnimationFrame(function () {
      frame = 0;
      alignNotes();
      place();
    });
  }

  function hover(id) {
    if (id === hovered) return;
    [hovered, id].forEach(function (claim, index) {
      if (!claim) return;
      marksOf(claim).forEach(function (mark) { mark.classList.toggle("is-hover", index === 1); });
      var note = noteOf(claim);
      if (note) note.classList.toggle("is-hover", index === 1);
    });
    hovered = id;
  }

  // ------------------------------------------------------------------------------------------
  // Events
  // ------------------------------------------------------------------------------------------

  function selecting() {
    var selection = window.getSelection();
    return selection && !selection.isCollapsed;
  }

  function onClick(event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    if (open && open.card.contains(target)) {
      if (target.closest(".claim-popover__close")) closeCard(true);
      else if (target.closest("[data-cite]")) cite(target.closest("[data-cite]"));
      else if (target.closest('a[href="#claim-' + CSS.escape(open.id) + '"]') && location.hash === "#claim-" + open.id) {
        event.preventDefault();
      }
      return;
    }
    var marker = target.closest(".claim-pin > a.claim-marker");
    if (marker) {
      event.preventDefault();
      toggleCard(marker.closest("mark.claim").dataset.claim);
      return;
    }
    var link = target.closest("a[href]");
    var mark = target.closest("mark.claim[data-claim]");
    if (mark && !link && mark.closest(".article-text, .article-headline")) {
      if (!selecting()) toggleCard(mark.dataset.claim);
      return;
    }
    var note = target.closest(".claim-note");
    if (note && !link && !target.closest("details") && beside() && !selecting()) {
      openCard(note.dataset.claim, true);
      return;
    }
    // A link to a claim already named by the address: no hashchange will come, open it here.
    if (link && link.hash && link.hash === location.hash && link.pathname === location.pathname && claimOfHash()) {
      event.preventDefault();
      openCard(claimOfHash(), true);
      return;
    }
    if (open && !link) closeCard(false);
  }

  function onKey(event) {
    if (event.key === "Escape" && open) {
      var inside = open.pin.contains(document.activeElement);
      closeCard(inside);
      return;
    }
    var marker = event.target instanceof Element && event.target.closest(".claim-pin > a.claim-marker");
    if (marker && (event.key === " " || event.key === "Spacebar")) {
      event.preventDefault();
      toggleCard(marker.closest("mark.claim").dataset.claim);
    }
  }

  function onFocusOut(event) {
    if (!open || !open.pin.contains(event.target)) return;
    var next = event.relatedTarget;
    if (next instanceof Node && !open.pin.contains(next)) closeCard(false);
  }

  function onHashChange() {
    markTarget();
    var id = claimOfHash();
    if (id) openCard(id, true);
  }

  function onPointerOver(event) {
    var target = event.target instanceof Element ? event.target : null;
    var holder = target && (target.closest("mark.claim[data-claim]") || target.closest(".claim-note"));
    hover(holder ? holder.dataset.claim : null);
  }

  function markTarget() {
    document.querySelectorAll("mark.claim.is-targeted").forEach(function (mark) { mark.classList.remove("is-targeted"); });
    var id = claimOfHash();
    if (id) marksOf(id).forEach(function (mark) { mark.classList.add("is-targeted"); });
  }

  // Claims that moved to another article: their old addresses lead there.
  function followMovedClaim() {
    var holder = document.querySelector("[data-claim-moves]");
    var hash = location.hash;
    if (!holder || !hash) return false;
    var ident = null;
    try { ident = decodeURIComponent(hash.slice(1)); } catch (error) { return false; }
    if (byId(ident)) return false;
    var moves = JSON.parse(holder.getAttribute("data-claim-moves"));
    if (!Object.prototype.hasOwnProperty.call(moves, hash)) return false;
    location.replace(moves[hash]);
    return true;
  }

  // ------------------------------------------------------------------------------------------
  // The raw text and the cleaning log, fetched when opened
  // ------------------------------------------------------------------------------------------

  function load(details) {
    if (details.dataset.state) return;
    details.dataset.state = "loading";
    var target = details.querySelector(".raw-text__content, .cleaning-log__content");
    var status = details.querySelector(".article-fetch");
    fetch(details.dataset.fetch, {credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (body) {
        if (target.tagName === "PRE") {
          target.textContent = body;
        } else {
          // Parsed inert (no script runs), then only its table is taken.
          var table = new DOMParser().parseFromString(body, "text/html").querySelector("table");
          if (!table) throw new Error("no table");
          target.replaceChildren(document.importNode(table, true));
        }
        target.hidden = false;
        details.dataset.state = "loaded";
      })
      .catch(function () {
        details.dataset.state = "";
        if (status && !status.querySelector(".article-fetch__failed")) {
          var failed = document.createElement("span");
          failed.className = "article-fetch__failed";
          failed.textContent = " It could not be loaded here: the link opens it.";
          status.appendChild(failed);
        }
      });
  }

  function setUpSources() {
    document.querySelectorAll("details[data-fetch]").forEach(function (details) {
      if (details.dataset.fetchReady) return;
      details.dataset.fetchReady = "1";
      details.addEventListener("toggle", function () { if (details.open) load(details); });
      if (details.open) load(details);
    });
  }

  // ------------------------------------------------------------------------------------------
  // Setting up
  // ------------------------------------------------------------------------------------------

  var listening = false;

  function listen() {
    if (listening) return;
    listening = true;
    document.addEventListener("click", onClick);
    document.addEventListener("keydown", onKey);
    document.addEventListener("focusout", onFocusOut);
    document.addEventListener("mouseover", onPointerOver);
    window.addEventListener("hashchange", onHashChange);
    window.addEventListener("resize", relayout);
  }

  function setUp() {
    var layout = document.querySelector(".article-layout");
    if (!layout || layout.classList.contains("is-interactive")) return;
    if (followMovedClaim()) return;
    layout.classList.add("is-interactive");
    document.querySelectorAll(".claim-pin > a.claim-marker").forEach(function (marker) {
      marker.setAttribute("role", "button");
      marker.setAttribute("aria-haspopup", "dialog");
      marker.setAttribute("aria-expanded", "false");
    });
    listen();
    setUpSources();
    alignNotes();
    var text = document.querySelector(".article-text");
    if (text && window.ResizeObserver) new ResizeObserver(relayout).observe(text);
    layout.addEventListener("toggle", relayout, true); // a note's detail opened in the margin
    markTarget();
    var id = claimOfHash();
    if (!id) return;
    openCard(id, false);
    // The browser scrolls to the words when the page has loaded; the card is brought into view after.
    var reveal = function () { requestAnimationFrame(function () { alignNotes(); place(); show(); }); };
    if (document.readyState === "complete") reveal();
    else window.addEventListener("load", reveal, {once: true});
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
