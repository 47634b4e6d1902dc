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
    loading = import(new URL("pagefind/pagefind.js", base).href).then(function (module) {
      pagefind = module;
      return pagefind.options({ baseUrl: base.pathname }).then(function () { return pagefind.init(); });
    }).then(buildFilters);
    return loading;
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
    var box = document.querySelector("[data-archive-search-filters]");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "1";
    return pagefind.filters().then(function (available) {
      FILTERS.forEach(function (pair) {
        var values = available[pair[0]];
        if (!values) return;
        var label = element("label", "archive-search__filter", pair[1] + " ");
        var select = element("select");
        select.dataset.archiveFilter = pair[0];
        select.appendChild(new Option("all", ""));
        Object.keys(values).sort().forEach(function (value) {
          select.appendChild(new Option(value + " (" + values[value] + ")", value));
        });
        label.appendChild(select);
        box.appendChild(label);
      });
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

  function render(results, shown, list, mine) {
    var slice = results.slice(shown, shown + PAGE);
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (items) {
      if (mine !== sequence) return;  // A newer query has started: its results replace these.
      items.forEach(function (data) {
        var item = element("li", "md-search-result__item");
        var link = element("a", "md-search-result__link");
        link.href = data.url;
        var article = element("article", "md-search-result__article md-typeset");
        var type = (data.filters && data.filters.type && data.filters.type[0]) || "";
        if (type) article.appendChild(element("span", "archive-search__type", type));
        article.appendChild(element("h1", null, data.meta.title || data.url));
        var details = [data.meta.outlet, data.meta.date].filter(Boolean).join(", ");
        if (details) article.appendChild(element("p", "archive-search__details", details));
        article.appendChild(safeExcerpt(data.excerpt));
        link.appendChild(article);
        item.appendChild(link);
        list.appendChild(item);
      });
      var more = list.parentNode.querySelector(".archive-search__more");
      if (more) more.remove();
      if (shown + PAGE < results.length) {
        var button = element("button", "md-button archive-search__more", "More results");
        button.type = "button";
        button.addEventListener("click", function () { render(results, shown + PAGE, list, mine); });
        list.parentNode.appendChild(button);
      }
    });
  }

  function run() {
    var input = document.querySelector("[data-archive-search-query]");
    var list = document.querySelector("[data-archive-search-results]");
    var meta = document.querySelector("[data-archive-search-meta]");
    var query = input.value.trim();
    var filters = currentFilters();
    var mine = ++sequence;
    if (!query && !Object.keys(filters).length) {
      list.textContent = "";
      meta.textContent = "Type to search articles, quotes and speakers";
      return;
    }
    load().then(function () {
      return pagefind.search(query || null, { filters: filters });
    }).then(function (search) {
      if (mine !== sequence) return;
      list.textContent = "";
      var count = search.results.length;
      meta.textContent = count === 0 ? "No matching results" : count === 1 ? "1 matching result" : count + " matching results";
      return render(search.results, 0, list, mine);
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

  // The claims page: the same index, browsed by filters alone (type Claim), so the page stays small.
  var browsing = 0;

  function setUpClaimsBrowser() {
    var browser = document.querySelector("[data-claims-browser]");
    if (!browser || browser.dataset.ready) return;
    browser.dataset.ready = "1";
    var form = browser.querySelector("[data-claims-filters]");
    var meta = browser.querySelector("[data-claims-meta]");
    var list = browser.querySelector("[data-claims-results]");
    meta.textContent = "Loading filters…";
    load().then(function () { return pagefind.filters(); }).then(function (available) {
      FILTERS.forEach(function (pair) {
        var values = available[pair[0]];
        if (!values) return;
        var label = element("label", null, pair[1] + " ");
        var select = element("select");
        select.dataset.claimsFilter = pair[0];
        select.appendChild(new Option("all", ""));
        Object.keys(values).sort().forEach(function (value) { select.appendChild(new Option(value, value)); });
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
      pagefind.search(null, { filters: filters }).then(function (search) {
        if (mine !== browsing) return;
        list.textContent = "";
        var count = search.results.length;
        meta.textContent = count === 1 ? "1 matching claim" : count + " matching claims";
        show(search.results, 0, mine);
      });
    }

    function show(results, shown, mine) {
      Promise.all(results.slice(shown, shown + 25).map(function (r) { return r.data(); })).then(function (items) {
        if (mine !== browsing) return;
        items.forEach(function (data) {
          var item = element("li");
          var link = element("a", null, data.meta.title || data.url);
          link.href = data.url;
          item.appendChild(link);
          var details = [data.meta.outlet, data.meta.date].filter(Boolean).join(", ");
          if (details) item.appendChild(element("span", "claims-results__details", " — " + details));
          list.appendChild(item);
        });
        var old = browser.querySelector(".claims-results__more");
        if (old) old.remove();
        if (shown + 25 < results.length) {
          var more = element("button", "md-button claims-results__more", "More claims");
          more.type = "button";
          more.addEventListener("click", function () { show(results, shown + 25, mine); });
          browser.appendChild(more);
        }
      });
    }
  }

  function start() { setUp(); setUpClaimsBrowser(); }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
