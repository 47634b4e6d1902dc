// Archive search: Pagefind (a chunked index: a reader downloads only the fragments a query needs)
// behind Material's search dialog. Filters narrow by speaker, outlet, year, tag, kind and rating;
// "Quotes only" keeps claims, each result opening the article at that claim.
(function () {
  "use strict";

  var FILTERS = [["speaker", "Speaker"], ["outlet", "Outlet"], ["year", "Year"], ["tag", "Tag"], ["kind", "Kind"], ["rating", "Rating"]];
  var PAGE = 10;
  var pagefind = null;
  var loading = null;
  var sequence = 0;

  function siteBase() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  function load() {
    if (loading) return loading;
    var base = siteBase();
    // Filter menus come from a small file of their own: a plain query downloads no filter data.
    var menus = fetch(new URL("search/filters.json", base).href).then(function (r) { return r.ok ? r.json() : {}; });
    loading = import(new URL("pagefind/pagefind.js", base).href).then(function (module) {
      pagefind = module;
      return pagefind.options({ baseUrl: base.pathname }).then(function () { return pagefind.init(); });
    }).then(function () { return menus; }).then(function (values) { filterValues = values; buildFilters(); });
    return loading;
  }

  // An article is one index page whose claims are sections; its `claims` metadata holds each
  // claim's own speaker, kind, rating and tags, so claims are narrowed here, claim by claim.
  var CLAIM_FACETS = ["speaker", "kind", "rating", "tag"];

  function claimMatches(facets, filters) {
    return CLAIM_FACETS.every(function (name) {
      return !filters[name] || (facets[name] || []).indexOf(filters[name]) !== -1;
    });
  }

  function itemsOf(data, filters, query, quotesOnly) {
    var claims = null;
    try { claims = data.meta.claims ? JSON.parse(data.meta.claims) : null; } catch (error) { claims = null; }
    var type = (data.filters && data.filters.type && data.filters.type[0]) || "";
    var details = [data.meta.outlet, data.meta.date].filter(Boolean).join(", ");
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
        details: details,
        excerpt: sections[id] ? sections[id].excerpt : "",
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

  var filterValues = {};

  function buildFilters() {
    var box = document.querySelector("[data-archive-search-filters]");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "1";
    FILTERS.forEach(function (pair) {
      var values = filterValues[pair[0]];
      if (!values) return;
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

  // Results are index pages (articles, speakers, outlets, events, statements); each article brings
  // its matching claims along. Ten pages at a time are opened and listed.
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
      return pagefind.search(query || null, { filters: filters });
    }).then(function (search) {
      if (mine !== sequence) return;
      list.textContent = "";
      return render({ results: search.results, filters: filters, query: query, quotesOnly: quotesOnly }, 0, list, meta, mine);
    }).catch(function () {
      meta.textContent = "Search is not available here (run `archive build` to create the index)";
    });
  }

  function setUp() {
    var form = document.querySelector("[data-archive-search]");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var input = form.querySelector("[data-archive-search-query]");
    var toggle = document.getElementById("__search");
    var timer = null;
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
    input.addEventListener("focus", function () { load(); if (toggle && !toggle.checked) toggle.checked = true; });
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    form.addEventListener("reset", function () { setTimeout(run, 0); });
    document.querySelector(".archive-search").addEventListener("change", function (event) {
      if (event.target.matches("[data-archive-filter], [data-archive-search-quotes]")) run();
    });
    if (toggle) {
      toggle.addEventListener("change", function () {
        if (toggle.checked) { load(); setTimeout(function () { input.focus(); }, 50); }
      });
    }
    document.addEventListener("keydown", function (event) {
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
      if (event.key === "Escape" && toggle && toggle.checked) {
        toggle.checked = false;
        input.blur();
      } else if (!typing && (event.key === "/" || event.key === "s" || event.key === "f") && !event.metaKey && !event.ctrlKey && !event.altKey) {
        event.preventDefault();
        if (toggle) toggle.checked = true;
        input.focus();
      }
    });
  }

  // The claims page: the same index, browsed by filters alone, so the page stays small.
  var browsing = 0;

  function setUpClaimsBrowser() {
    var browser = document.querySelector("[data-claims-browser]");
    if (!browser || browser.dataset.ready) return;
    browser.dataset.ready = "1";
    var form = browser.querySelector("[data-claims-filters]");
    var meta = browser.querySelector("[data-claims-meta]");
    var list = browser.querySelector("[data-claims-results]");
    meta.textContent = "Loading filters…";
    load().then(function () {
      FILTERS.forEach(function (pair) {
        var values = filterValues[pair[0]];
        if (!values) return;
        var label = element("label", null, pair[1] + " ");
        var select = element("select");
        select.dataset.claimsFilter = pair[0];
        select.appendChild(new Option("all", ""));
        values.forEach(function (entry) { select.appendChild(new Option(entry[0], entry[0])); });
        label.appendChild(select);
        form.appendChild(label);
      });
      form.addEventListener("change", browse);
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      browse();
    }).catch(function () {
      meta.textContent = "Filtering needs the search index (run `archive build`); the newest claims are listed below.";
    });

    function browse() {
      var filters = { type: "Claim" };
      form.querySelectorAll("select[data-claims-filter]").forEach(function (s) { if (s.value) filters[s.dataset.claimsFilter] = s.value; });
      var mine = ++browsing;
      list.dataset.state = "loading";
      pagefind.search(null, { filters: filters }).then(function (search) {
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
            var item = element("li");
            var link = element("a", null, found.title);
            link.href = found.url;
            item.appendChild(link);
            if (found.details) item.appendChild(element("span", "claims-results__details", " — " + found.details));
            list.appendChild(item);
          });
        });
        var rest = shown + 25 < results.length;
        var count = list.children.length;
        meta.textContent = (count === 1 ? "1 matching claim" : count + " matching claims") +
          (rest ? " in the first " + (shown + 25) + " of " + results.length + " articles" : "");
        var old = browser.querySelector(".claims-results__more");
        if (old) old.remove();
        if (rest) {
          var more = element("button", "md-button claims-results__more", "More claims");
          more.type = "button";
          more.addEventListener("click", function () { show(results, filters, shown + 25, mine); });
          browser.appendChild(more);
        }
        list.dataset.state = rest ? "partial" : "done";
      });
    }
  }

  function start() { setUp(); setUpClaimsBrowser(); }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
