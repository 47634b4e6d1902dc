// Archive search: Pagefind (a chunked index: a reader downloads only the fragments a query needs)
// behind Material's search dialog. Filters narrow by speaker, outlet, year, tag, kind and rating
// (each counted in claims); "Quotes only" keeps claims, each result opening the article at that claim.
(function () {
  "use strict";

  var FILTERS = [["speaker", "Speaker"], ["outlet", "Outlet"], ["year", "Year"], ["tag", "Tag"], ["kind", "Kind"], ["rating", "Rating"]];
  var PAGE = 10;
  var pagefind = null;
  var hidden = {};
  var loading = null;
  var sequence = 0;
  var filterValues = {};
  var filtersLoading = null;

  function siteBase() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  function load() {
    if (loading) return loading;
    var base = siteBase();
    // A large archive's index is split by period: the main index lists the others, merged into every search.
    var periods = fetch(new URL("pagefind/periods.json", base).href).then(function (r) { return r.ok ? r.json() : {}; });
    loading = import(new URL("pagefind/pagefind.js", base).href).then(function (module) {
      pagefind = module;
      return pagefind.options({ baseUrl: base.pathname }).then(function () { return pagefind.init(); });
    }).then(function () { return periods; }).then(function (split) {
      (split.hidden || []).forEach(function (id) { hidden[id] = true; });
      return Promise.all((split.merge || []).map(function (folder) {
        return pagefind.mergeIndex(new URL("pagefind/" + folder, base).pathname, { baseUrl: base.pathname });
      }));
    });
    return loading;
  }

  // Filter menus come from a small file of their own, fetched when a reader asks for the menus:
  // a plain query downloads no filter data (the file grows with the speakers and tags).
  function loadFilters() {
    if (filtersLoading) return filtersLoading;
    filtersLoading = fetch(new URL("search/filters.json", siteBase()).href)
      .then(function (r) { return r.ok ? r.json() : {}; })
      .catch(function () { return {}; })
      .then(function (values) { filterValues = values; return values; });
    return filtersLoading;
  }

  // Over indexes split by period, each holds a vocabulary page (every word of the archive its own
  // pages lack, so that each answers a query as one index would); no result shows it.
  function searchAll(query, options) {
    return pagefind.search(query, options).then(function (search) {
      search.results = search.results.filter(function (r) { return !hidden[r.id]; });
      return search;
    });
  }

  // An article is one index page whose claims are sections, each headed by its quote. Each claim's
  // own speaker, kind, rating, tags and statement travel in the id of an empty element of its
  // section (`_carrier` in build_tools/search.py: Pagefind keeps ids and searches none of them),
  // so claims are narrowed here, claim by claim.
  var CLAIM_FACETS = ["speaker", "kind", "rating", "tag"];
  var CARRIER = "carried-";
  var QUOTE_LIMIT = 140;

  function clip(text, limit) {
    text = String(text).replace(/\s+/g, " ").trim();
    return text.length <= limit ? text : text.slice(0, limit - 1).replace(/\s+$/, "") + "…";
  }

  // The page's claims by id: their facets, and their quotes from the headings of their sections.
  function claimsOf(data) {
    var claims = Object.create(null);
    var quotes = Object.create(null);
    (data.anchors || []).forEach(function (anchor) {
      var id = String(anchor.id || "");
      if (id.indexOf(CARRIER) === 0) {
        var facets = null;
        try { facets = JSON.parse(decodeURIComponent(id.slice(CARRIER.length))); } catch (error) { facets = null; }
        if (facets && typeof facets.id === "string") claims[facets.id] = facets;
      } else if (/^claim-/.test(id)) {
        quotes[id.slice(6)] = anchor.text || "";
      }
    });
    var ids = Object.keys(claims);
    ids.forEach(function (id) { claims[id].quote = clip(quotes[id] || "", QUOTE_LIMIT); });
    return ids.length ? claims : null;
  }

  function claimMatches(facets, filters) {
    return CLAIM_FACETS.every(function (name) {
      return !filters[name] || (facets[name] || []).indexOf(filters[name]) !== -1;
    });
  }

  function itemsOf(data, filters, query, quotesOnly) {
    var claims = claimsOf(data);
    var type = (data.filters && data.filters.type && data.filters.type[0]) || "";
    var details = [data.meta.outlet, data.meta.date && humanDate(data.meta.date)].filter(Boolean).join(", ");
    var items = [];
    if (!quotesOnly) items.push({ url: data.url, type: type, title: data.meta.title || data.url, details: details, excerpt: data.excerpt });
    if (!claims) return items;
    var sections = {};
    (data.sub_results || []).forEach(function (sub) {
      if (sub.anchor && /^claim-/.test(sub.anchor.id || "")) sections[sub.anchor.id.slice(6)] = sub;
    });
    var narrowing = CLAIM_FACETS.some(function (name) { return filters[name]; });
    // With words, the claims whose section matched them; with filters alone, every claim that fits.
    var ids = query ? Object.keys(sections) : (narrowing || quotesOnly ? Object.keys(claims) : []);
    ids.forEach(function (id) {
      var facets = claims[id];
      if (!facets || !claimMatches(facets, filters)) return;
      var speaker = (facets.speaker || [""])[0];
      items.push({
        url: data.url.replace(/#.*$/, "") + "#claim-" + id,
        type: "Claim",
        title: speaker + ": “" + facets.quote + "”",
        speaker: speaker,
        quote: facets.quote,
        kind: (facets.kind || [""])[0],
        rating: (facets.rating || [""])[0],
        details: details,
        excerpt: sections[id] ? sections[id].excerpt : "",
        statement: typeof facets.statement === "string" ? facets.statement : "",
        wordings: Number(facets.wordings) || 0,
      });
    });
    return items;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Pagefind's excerpts mark matches with <mark>; everything else is escaped here, whatever the index holds.
  function safeExcerpt(html) {
    var parts = String(html).split(/(<\/?mark>)/);
    var holder = document.createElement("p");
    parts.forEach(function (part) {
      if (part === "<mark>") { holder.appendChild(document.createElement("mark")); return; }
      if (part === "</mark>") return;
      var decoded = document.createElement("textarea");
      decoded.innerHTML = part.replace(/<[^>]*>/g, "");
      var last = holder.lastChild;
      var text = document.createTextNode(decoded.value);
      if (last && last.nodeName === "MARK" && !last.textContent) last.appendChild(text); else holder.appendChild(text);
    });
    return holder;
  }


  function buildFilters() {
    var box = document.querySelector("[data-archive-search-menus]");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "1";
    FILTERS.forEach(function (pair) {
      var values = filterValues[pair[0]];
      if (!values || values.length < 2) return;  // a filter with one value narrows nothing
      var label = element("label", "archive-search__filter", pair[1] + " ");
      var select = element("select");
      select.dataset.archiveFilter = pair[0];
      select.appendChild(new Option("all", ""));
      values.forEach(function (entry) { select.appendChild(new Option(entry[0] + " (" + entry[1] + ")", entry[0])); });
      label.appendChild(select);
      box.appendChild(label);
    });
  }

  function currentFilters() {
    var filters = {};
    document.querySelectorAll("[data-archive-filter]").forEach(function (select) {
      if (select.value) filters[select.dataset.archiveFilter] = select.value;
    });
    var quotes = document.querySelector("[data-archive-search-quotes]");
    if (quotes && quotes.checked) filters.type = "Claim";
    return filters;
  }

  // Results are index pages (articles, speakers, outlets, events, hand-written pages); each article
  // brings its matching claims along, each claim the statement it is a wording of. Ten pages at a
  // time are opened and listed.
  function render(search, shown, list, meta, mine) {
    var results = search.results;
    var slice = results.slice(shown, shown + PAGE);
    list.dataset.state = "loading";
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (pages) {
      if (mine !== sequence) return;  // A newer query has started: its results replace these.
      pages.forEach(function (data) {
        itemsOf(data, search.filters, search.query, search.quotesOnly).forEach(function (found) {
          var item = element("li", "md-search-result__item");
          var link = element("a", "md-search-result__link");
          link.href = found.url;
          var article = element("article", "md-search-result__article md-typeset");
          if (found.type) article.appendChild(element("span", "archive-search__type", found.type));
          article.appendChild(element("h1", null, found.title));
          if (found.details) article.appendChild(element("p", "archive-search__details", found.details));
          if (found.excerpt) article.appendChild(safeExcerpt(found.excerpt));
          link.appendChild(article);
          item.appendChild(link);
          // A statement has no result of its own: each of its wordings' results links to its page.
          if (found.statement) {
            var same = element("p", "archive-search__statement");
            var compare = element("a", null, "all " + found.wordings + " wordings compared");
            compare.href = new URL(found.statement, siteBase()).href;
            same.appendChild(document.createTextNode("Same statement: "));
            same.appendChild(compare);
            item.appendChild(same);
          }
          list.appendChild(item);
        });
      });
      var more = list.parentNode.querySelector(".archive-search__more");
      if (more) more.remove();
      var listed = list.children.length;
      var rest = shown + PAGE < results.length;
      meta.textContent = listed === 0 && !rest ? "No matching results" :
        (listed === 1 ? "1 result" : listed + " results") + " from " +
        (results.length === 1 ? "1 matching page" : results.length + " matching pages") + (rest ? " so far" : "");
      if (rest) {
        var button = element("button", "md-button archive-search__more", "More results");
        button.type = "button";
        button.addEventListener("click", function () { render(search, shown + PAGE, list, meta, mine); });
        list.parentNode.appendChild(button);
      }
      list.dataset.state = rest ? "partial" : "done";
    });
  }

  function run() {
    var input = document.querySelector("[data-archive-search-query]");
    var list = document.querySelector("[data-archive-search-results]");
    var meta = document.querySelector("[data-archive-search-meta]");
    var query = input.value.trim();
    var filters = currentFilters();
    var quotes = document.querySelector("[data-archive-search-quotes]");
    var quotesOnly = Boolean(quotes && quotes.checked);
    var mine = ++sequence;
    if (!query && !Object.keys(filters).length) {
      list.textContent = "";
      list.dataset.state = "";
      var stale = list.parentNode.querySelector(".archive-search__more");
      if (stale) stale.remove();
      meta.textContent = "Type to search articles, quotes and speakers";
      return;
    }
    list.dataset.state = "loading";
    load().then(function () {
      return searchAll(query || null, { filters: filters });
    }).then(function (search) {
      if (mine !== sequence) return;
      list.textContent = "";
      return render({ results: search.results, filters: filters, query: query, quotesOnly: quotesOnly }, 0, list, meta, mine);
    }).catch(function () {
      meta.textContent = "Search is not available here (run `archive build` to create the index)";
    });
  }

  // The dialog (WAI-ARIA dialog pattern): opened by the header's button or `/`, never by focus;
  // while open, Tab cycles inside it; Escape, the overlay or the back arrow close it and give the
  // focus back to where it was. Closed, it is `inert`: out of the tab order and of the page.
  var opener = null;

  function dialogParts() {
    return {
      dialog: document.querySelector(".archive-search"),
      toggle: document.getElementById("__search"),
      input: document.querySelector("[data-archive-search-query]"),
    };
  }

  function isOpen() {
    var parts = dialogParts();
    return Boolean(parts.dialog && !parts.dialog.inert);
  }

  function openDialog() {
    var parts = dialogParts();
    if (!parts.dialog || isOpen()) return;
    opener = document.activeElement && document.activeElement !== document.body ? document.activeElement : null;
    parts.dialog.inert = false;
    if (parts.toggle) parts.toggle.checked = true;
    document.documentElement.classList.add("archive-search-is-open");
    load();
    parts.input.focus();
  }

  function closeDialog() {
    var parts = dialogParts();
    if (!parts.dialog || !isOpen()) return;
    parts.dialog.inert = true;
    if (parts.toggle) parts.toggle.checked = false;
    document.documentElement.classList.remove("archive-search-is-open");
    var back = opener && document.contains(opener) ? opener : document.querySelector("[data-archive-search-open]");
    opener = null;
    if (back) back.focus();
  }

  function focusable(dialog) {
    return Array.prototype.filter.call(
      dialog.querySelectorAll("a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex='-1'])"),
      function (el) { return el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden"; }
    );
  }

  function trapTab(event) {
    var dialog = dialogParts().dialog;
    var items = focusable(dialog);
    if (!items.length) return;
    var first = items[0];
    var last = items[items.length - 1];
    var inside = dialog.contains(document.activeElement);
    if (event.shiftKey && (document.activeElement === first || !inside)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (document.activeElement === last || !inside)) {
      event.preventDefault();
      first.focus();
    }
  }

  // The dialog's markup (Material's search layout and classes) lives here, not in every page: it is
  // of use only with this script, and a page carries only the button that opens it. The magnifier is
  // the button's own icon (the theme's, as configured); the back arrow and the clear cross are
  // Material's arrow-left and close.
  var BACK = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M20 11v2H8l5.5 5.5-1.42 1.42L4.16 12l7.92-7.92L13.5 5.5 8 11z"/></svg>';
  var CLEAR = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z"/></svg>';

  function buildDialog() {
    var button = document.querySelector("[data-archive-search-open]");
    if (!button || document.querySelector(".archive-search")) return;
    var icon = button.querySelector("svg");
    var dialog = document.createElement("div");
    dialog.className = "md-search archive-search";
    dialog.id = "archive-search";
    dialog.setAttribute("role", "dialog");
    dialog.setAttribute("aria-modal", "true");
    dialog.setAttribute("aria-label", "Search the archive");
    dialog.inert = true;
    dialog.innerHTML =
      '<label class="md-search__overlay" for="__search"></label>' +
      '<div class="md-search__inner" role="search">' +
      '<form class="md-search__form" name="archive-search" data-archive-search>' +
      '<input type="text" class="md-search__input" name="query" aria-label="Search the archive" placeholder="Search" ' +
      'autocapitalize="off" autocorrect="off" autocomplete="off" spellcheck="false" data-archive-search-query>' +
      '<label class="md-search__icon md-icon" for="__search">' + (icon ? icon.outerHTML : "") + BACK + "</label>" +
      '<nav class="md-search__options" aria-label="Search">' +
      '<button type="reset" class="md-search__icon md-icon" title="Clear" aria-label="Clear" tabindex="-1">' + CLEAR + "</button>" +
      "</nav></form>" +
      '<div class="md-search__output"><div class="md-search__scrollwrap" tabindex="0">' +
      '<div class="archive-search__filters" data-archive-search-filters>' +
      '<label class="archive-search__quotes"><input type="checkbox" data-archive-search-quotes> Quotes only</label>' +
      '<button type="button" class="archive-search__toggle" aria-expanded="false" aria-controls="archive-search-menus" ' +
      'data-archive-search-filters-toggle>Filters</button>' +
      '<span class="archive-search__menus" id="archive-search-menus" data-archive-search-menus hidden></span></div>' +
      '<div class="md-search-result">' +
      '<div class="md-search-result__meta" data-archive-search-meta aria-live="polite">Type to search articles, quotes and speakers</div>' +
      '<ol class="md-search-result__list" data-archive-search-results></ol>' +
      "</div></div></div></div>";
    button.insertAdjacentElement("afterend", dialog);
  }

  function setUp() {
    buildDialog();
    var form = document.querySelector("[data-archive-search]");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var parts = dialogParts();
    var input = parts.input;
    var timer = null;
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    form.addEventListener("reset", function () { setTimeout(run, 0); });
    parts.dialog.addEventListener("change", function (event) {
      if (event.target.matches("[data-archive-filter], [data-archive-search-quotes]")) run();
    });
    // The menus open on request; closed, they narrow nothing (their choices are cleared).
    var toggle = parts.dialog.querySelector("[data-archive-search-filters-toggle]");
    var menus = parts.dialog.querySelector("[data-archive-search-menus]");
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      if (open) {
        menus.dataset.state = "loading";
        loadFilters().then(function () {
          buildFilters();
          menus.hidden = toggle.getAttribute("aria-expanded") !== "true";
          menus.dataset.state = "done";
        });
        return;
      }
      menus.hidden = true;
      var narrowed = false;
      menus.querySelectorAll("select").forEach(function (select) {
        narrowed = narrowed || Boolean(select.value);
        select.value = "";
      });
      if (narrowed) run();
    });
    document.querySelectorAll("[data-archive-search-open]").forEach(function (button) {
      button.addEventListener("click", openDialog);
    });
    // The overlay and the back arrow are the theme's labels for the checkbox: they close the dialog.
    if (parts.toggle) {
      parts.toggle.addEventListener("change", function () {
        if (parts.toggle.checked) openDialog(); else { parts.toggle.checked = true; closeDialog(); }
      });
    }
    // Focus never stays behind the open dialog (a click on the page, a screen reader's jump).
    document.addEventListener("focusin", function (event) {
      if (isOpen() && !parts.dialog.contains(event.target)) input.focus();
    });
    document.addEventListener("keydown", function (event) {
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName) || document.activeElement.isContentEditable;
      if (isOpen()) {
        if (event.key === "Escape") { event.preventDefault(); closeDialog(); }
        else if (event.key === "Tab") trapTab(event);
      } else if (!typing && event.key === "/" && !event.metaKey && !event.ctrlKey && !event.altKey) {
        event.preventDefault();
        openDialog();
      }
    });
  }

  // The claims page: one list of claims. Without a filter it is the newest claims as the page was
  // built; with filters, the same index as the search, browsed by filters alone, so the page stays
  // small. The filters live in the query string (?speaker=…&kind=…): a filtered list can be linked,
  // reloaded, and walked through with back and forward.
  var browsing = 0;

  function humanDate(iso) {
    if (!iso) return "undated";
    var day = new Date(iso.slice(0, 10) + "T00:00:00Z");
    if (isNaN(day)) return iso;
    return day.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  }

  function setUpClaimsBrowser() {
    var browser = document.querySelector("[data-claims-browser]");
    if (!browser || browser.dataset.ready) return;
    browser.dataset.ready = "1";
    var form = browser.querySelector("[data-claims-filters]");
    var meta = browser.querySelector("[data-claims-meta]");
    var list = browser.querySelector("[data-claims-results]");
    var built = { html: list.innerHTML, meta: meta.textContent, count: list.children.length };
    var total = parseInt(browser.dataset.claimsTotal || "0", 10);
    list.dataset.state = "loading";  // until the filters are there ("done" once a list is final)
    Promise.all([load(), loadFilters()]).then(function () {
      FILTERS.forEach(function (pair) {
        var values = filterValues[pair[0]];
        if (!values || values.length < 2) return;  // a filter with one value narrows nothing
        var label = element("label", "claims-filter__field", pair[1] + " ");
        var select = element("select");
        select.name = pair[0];
        select.dataset.claimsFilter = pair[0];
        select.appendChild(new Option("all", ""));
        values.forEach(function (entry) { select.appendChild(new Option(entry[0] + " (" + entry[1] + ")", entry[0])); });
        label.appendChild(select);
        form.appendChild(label);
      });
      var clear = element("button", "md-button claims-filter__clear", "Clear filters");
      clear.type = "button";
      clear.addEventListener("click", function () {
        form.querySelectorAll("select").forEach(function (s) { s.value = ""; });
        changed();
      });
      form.appendChild(clear);
      form.addEventListener("change", changed);
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      window.addEventListener("popstate", function () { restore(); browse(); });
      restore();
      browse();
    }).catch(function () {
      meta.textContent = built.meta + " Filtering needs the search index (run `archive build`).";
      list.dataset.state = "done";
    });

    function chosen() {
      var filters = {};
      form.querySelectorAll("select[data-claims-filter]").forEach(function (s) { if (s.value) filters[s.dataset.claimsFilter] = s.value; });
      return filters;
    }

    function everything() { return new URLSearchParams(window.location.search).has("all"); }

    function restore() {
      var params = new URLSearchParams(window.location.search);
      form.querySelectorAll("select[data-claims-filter]").forEach(function (s) {
        var wanted = params.get(s.dataset.claimsFilter) || "";
        var known = Array.prototype.some.call(s.options, function (o) { return o.value === wanted; });
        s.value = known ? wanted : "";
      });
    }

    function changed() {
      var params = new URLSearchParams();
      var filters = chosen();
      FILTERS.forEach(function (pair) { if (filters[pair[0]]) params.set(pair[0], filters[pair[0]]); });
      var query = params.toString();
      history.pushState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
      browse();
    }

    function browse() {
      var filters = chosen();
      var mine = ++browsing;
      var old = browser.querySelector(".claims-results__more");
      if (old) old.remove();
      form.querySelector(".claims-filter__clear").hidden = !Object.keys(filters).length;
      if (!Object.keys(filters).length && !everything()) {
        list.innerHTML = built.html;
        meta.textContent = built.meta;
        list.dataset.state = "done";
        if (total > built.count) {
          // The page lists the newest claims; every other one is a click (or a filter) away.
          var all = element("button", "md-button claims-results__more", "List all " + total + " claims");
          all.type = "button";
          all.addEventListener("click", function () {
            history.pushState(null, "", window.location.pathname + "?all" + window.location.hash);
            browse();
          });
          browser.appendChild(all);
        }
        return;
      }
      filters.type = "Claim";
      list.dataset.state = "loading";
      searchAll(null, { filters: filters }).then(function (search) {
        if (mine !== browsing) return;
        list.textContent = "";
        show(search.results, filters, 0, mine);
      });
    }

    // Articles with a matching claim, 25 at a time; each lists its claims that fit every filter.
    function show(results, filters, shown, mine) {
      list.dataset.state = "loading";
      Promise.all(results.slice(shown, shown + 25).map(function (r) { return r.data(); })).then(function (pages) {
        if (mine !== browsing) return;
        pages.forEach(function (data) {
          itemsOf(data, filters, "", true).forEach(function (found) {
            list.appendChild(claimItem(found, data));
          });
        });
        var rest = shown + 25 < results.length;
        var count = list.children.length;
        meta.textContent = (count === 1 ? "1 matching claim" : count + " matching claims") +
          (rest ? " in the first " + (shown + 25) + " of " + results.length + " articles" : "");
        if (rest) {
          var more = element("button", "md-button claims-results__more", "More claims");
          more.type = "button";
          more.addEventListener("click", function () { more.remove(); show(results, filters, shown + 25, mine); });
          browser.appendChild(more);
        }
        list.dataset.state = rest ? "partial" : "done";
      });
    }

    // The same card as the page's own list (`claim_list` in build_tools/render/entities.py).
    function claimItem(found, data) {
      var item = element("li", "claim-item");
      var quote = element("a", "claim-item__quote", "“" + found.quote + "”");
      quote.href = found.url;
      item.appendChild(quote);
      var line = element("p", "claim-item__meta");
      var parts = [found.speaker, data.meta.outlet].filter(Boolean);
      line.appendChild(document.createTextNode(parts.join(" · ") + (parts.length ? " · " : "")));
      var time = element("time", null, humanDate(data.meta.date));
      if (data.meta.date) time.dateTime = data.meta.date.slice(0, 10);
      line.appendChild(time);
      if (found.kind) line.appendChild(document.createTextNode(" · " + found.kind));
      if (found.rating && found.rating !== "Not reviewed") line.appendChild(document.createTextNode(" · rated " + found.rating));
      item.appendChild(line);
      return item;
    }
  }

  function start() { setUp(); setUpClaimsBrowser(); }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
