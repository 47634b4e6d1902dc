// Annotated News Archive: "Suggest a claim" on an article page.
//
// Selecting words of an article offers a button; it opens a dialog with the claim's YAML as
// `archive claim add` writes it (the words exactly as the text reads them, the shortest prefix
// or suffix that makes them unique, an id made from the words) to copy, and a link to the
// article's annotation file in the repository's editor. Nothing is sent anywhere.
//
// The context follows build_tools/anchor.py `shortest_context` step by step, on the text the
// page shows (the headline, then the paragraphs, as the clean text is made): the places the words
// appear, then whole words before them (in their paragraph, then beyond), then after them, the
// first that fits here exactly and clearly better than at every other place. One difference:
// the writer also compares context with the raw scrape around the other places, which the page
// does not have; it can only make the writer choose a longer context where the raw text around
// another place reads like the words before this one.
//
// The preview (`archive serve`) registers its own action ("New claim") through
// `window.ArchiveSelection.register`. Plain script, no dependencies.
(function () {
  "use strict";

  var CONTEXT_MARGIN = 0.1;
  var CONTEXT_MINIMUM = 0.5;
  var ID_WORDS = 5;
  var STOPWORDS = "a an and are as at be by for from in into is it its of on or the to was were with".split(" ");
  var FOLD = {};
  "‘’‚‛′`´ʼ“”„‟″«»‹›\"".split("").forEach(function (c) { FOLD[c] = "'"; });
  "‐‑‒–—―−".split("").forEach(function (c) { FOLD[c] = "-"; });
  FOLD["…"] = "...";
  ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"].forEach(function (c) { FOLD[c] = ""; });
  // Where JavaScript's lower case is not Python's casefold().
  var CASEFOLD = { "ß": "ss", "ẞ": "ss", "ς": "σ", "ſ": "s", "ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st", "µ": "μ" };
  // Python's str.isspace(), which its `\s` and strip() use.
  var SPACE = /[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

  function isSpace(c) { return SPACE.test(c); }
  function chars(text) { return Array.from(text); }

  // ------------------------------------------------------------------------------------------
  // The text the page shows, in code points, and where a selection is in it
  // ------------------------------------------------------------------------------------------

  function segmentsOf(element, start, segments) {
    var position = start;
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        if (node.nodeType === 1 && node.classList.contains("claim-pin")) return NodeFilter.FILTER_REJECT;
        return NodeFilter.FILTER_ACCEPT;
      },
    });
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var text = node.nodeType === 3 ? node.data : node.nodeName === "BR" ? "\n" : null;
      if (text === null) continue;
      // The HTML writes a line break as "<br>\n": the newline after it is the same one.
      if (node.nodeType === 3 && node.previousSibling && node.previousSibling.nodeName === "BR" && text.charAt(0) === "\n") {
        segments.push({ node: node, start: position - 1, skip: 1 });
        text = text.slice(1);
        position += chars(text).length;
        continue;
      }
      segments.push({ node: node, start: position, skip: 0 });
      position += chars(text).length;
    }
    return position;
  }

  function paragraphText(element) {
    var parts = [];
    var segments = [];
    segmentsOf(element, 0, segments);
    segments.forEach(function (s) {
      var text = s.node.nodeType === 3 ? s.node.data.slice(s.skip) : "\n";
      parts.push(text);
    });
    return parts.join("");
  }

  // The article's text: the headline (when it is text of the article), then every paragraph.
  function readText(withHeadline) {
    var body = document.querySelector(".article-text");
    if (!body) return null;
    var blocks = [];
    var headline = document.querySelector("h1.article-headline");
    if (headline && withHeadline) blocks.push(headline);
    Array.prototype.forEach.call(body.children, function (p) { if (p.nodeName === "P") blocks.push(p); });
    var segments = [];
    var pieces = [];
    var position = 0;
    blocks.forEach(function (block, number) {
      if (number) { pieces.push("\n\n"); position += 2; }
      var start = position;
      position = segmentsOf(block, start, segments);
      pieces.push(paragraphText(block));
    });
    var text = pieces.join("");
    return { text: text, cps: chars(text), segments: segments, blocks: blocks };
  }

  function positionOf(model, container, offset) {
    if (container.nodeType === 3) {
      for (var i = 0; i < model.segments.length; i++) {
        var s = model.segments[i];
        if (s.node === container) return s.start + s.skip + chars(container.data.slice(s.skip, Math.max(s.skip, offset))).length;
      }
    }
    var point = document.createRange();
    point.setStart(container, offset);
    for (var j = 0; j < model.segments.length; j++) {
      var segment = model.segments[j];
      if (point.comparePoint(segment.node, 0) >= 0) return segment.start + segment.skip;
    }
    return model.cps.length;
  }

  function inText(model, node) {
    return model.blocks.some(function (block) { return block.contains(node); });
  }

  // The selection as a span of code points, whitespace at its ends left out; null if it is not words of the text.
  function selectedSpan(model) {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    var range = selection.getRangeAt(0);
    if (!inText(model, range.startContainer) || !inText(model, range.endContainer)) return null;
    var start = positionOf(model, range.startContainer, range.startOffset);
    var end = positionOf(model, range.endContainer, range.endOffset);
    var cps = model.cps;
    while (start < end && isSpace(cps[start])) start++;
    while (end > start && isSpace(cps[end - 1])) end--;
    if (start >= end) return null;
    return { start: start, end: end, quote: cps.slice(start, end).join("") };
  }

  // ------------------------------------------------------------------------------------------
  // The shortest context (build_tools/anchor.py)
  // ------------------------------------------------------------------------------------------

  function casefold(c) { return CASEFOLD[c] || c.toLowerCase(); }

  // normalize(): folded characters with the position of each in the original.
  function normalize(cps) {
    var text = [];
    var index = [];
    var inSpace = false;
    for (var position = 0; position < cps.length; position++) {
      var c = cps[position];
      if (isSpace(c)) {
        if (!inSpace && text.length) { text.push(" "); index.push(position); }
        inSpace = true;
        continue;
      }
      inSpace = false;
      var folded = FOLD[c] !== undefined ? FOLD[c] : c;
      chars(folded).forEach(function (f) {
        chars(casefold(f)).forEach(function (g) { text.push(g); index.push(position); });
      });
    }
    if (text.length && text[text.length - 1] === " ") { text.pop(); index.pop(); }
    return { text: text, index: index };
  }

  function bisectLeft(list, value) {
    var low = 0;
    var high = list.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (list[middle] < value) low = middle + 1; else high = middle;
    }
    return low;
  }

  // distance_to_end(): the fewest edits that turn `pattern` into some ending of `text`.
  function distanceToEnd(pattern, text) {
    var m = pattern.length;
    if (m === 0) return 0;
    var column = [];
    for (var i = 0; i <= m; i++) column.push(i);
    for (var j = 0; j < text.length; j++) {
      var diagonal = column[0];
      column[0] = 0;
      for (var k = 1; k <= m; k++) {
        var above = column[k];
        column[k] = Math.min(above + 1, column[k - 1] + 1, diagonal + (pattern[k - 1] === text[j] ? 0 : 1));
        diagonal = above;
      }
    }
    return column[m];
  }

  function trimmed(list, fromStart) {
    var out = list.slice();
    var edge = function (c) { return c === " " || c === "\0"; };
    if (fromStart) { while (out.length && edge(out[0])) out.shift(); } else { while (out.length && edge(out[out.length - 1])) out.pop(); }
    return out;
  }

  function contextScore(folded, span, prefix, suffix) {
    var start = bisectLeft(folded.index, span.start);
    var end = bisectLeft(folded.index, span.end);
    var distance = 0;
    if (prefix.length) {
      var before = trimmed(folded.text.slice(Math.max(0, start - 2 * prefix.length - 8), start), false);
      distance += distanceToEnd(prefix, before);
    }
    if (suffix.length) {
      var after = trimmed(folded.text.slice(end, end + 2 * suffix.length + 8), true);
      distance += distanceToEnd(suffix.slice().reverse(), after.reverse());
    }
    return 1 - distance / (prefix.length + suffix.length);
  }

  function clearlyBetter(best, second, length) {
    var margin = Math.max(CONTEXT_MARGIN, 1 / length);
    return best >= CONTEXT_MINIMUM && best - second >= margin - 1e-9;
  }

  function strip(cps) {
    var start = 0;
    var end = cps.length;
    while (start < end && isSpace(cps[start])) start++;
    while (end > start && isSpace(cps[end - 1])) end--;
    return cps.slice(start, end).join("");
  }

  // _context_options(): runs of whole words next to a span, shortest first.
  function contextOptions(cps, span, side, withinParagraph) {
    var words = [];
    var options = [];
    var count;
    if (side === "prefix") {
      var paragraph = withinParagraph ? cps.lastIndexOfPair(span.start) : -1;
      var begins = paragraph !== -1 ? paragraph + 2 : 0;
      words = runs(cps.slice(Math.max(span.start - 200, begins), span.start), true);
      for (count = 1; count <= words.length; count++) options.push(strip(chars(words.slice(words.length - count).join(""))));
      return options;
    }
    var next = withinParagraph ? cps.indexOfPair(span.end) : -1;
    var limit = Math.min(span.end + 200, next !== -1 ? next : cps.length);
    words = runs(cps.slice(span.end, limit), false);
    for (count = 1; count <= words.length; count++) options.push(strip(chars(words.slice(0, count).join(""))));
    return options;
  }

  // re.findall(r"\S+\s*") (trailing) or re.findall(r"\s*\S+") (leading) over code points.
  function runs(cps, trailing) {
    var found = [];
    var i = 0;
    if (trailing) {
      while (i < cps.length && isSpace(cps[i])) i++;
      while (i < cps.length) {
        var start = i;
        while (i < cps.length && !isSpace(cps[i])) i++;
        while (i < cps.length && isSpace(cps[i])) i++;
        found.push(cps.slice(start, i).join(""));
      }
      return found;
    }
    while (i < cps.length) {
      var from = i;
      while (i < cps.length && isSpace(cps[i])) i++;
      if (i === cps.length) break;
      while (i < cps.length && !isSpace(cps[i])) i++;
      found.push(cps.slice(from, i).join(""));
    }
    return found;
  }

  function withParagraphSearch(cps) {
    // text.rfind("\n\n", 0, start) and text.find("\n\n", end) over code points.
    cps.lastIndexOfPair = function (before) {
      for (var i = before - 2; i >= 0; i--) if (cps[i] === "\n" && cps[i + 1] === "\n") return i;
      return -1;
    };
    cps.indexOfPair = function (from) {
      for (var i = from; i + 1 < cps.length; i++) if (cps[i] === "\n" && cps[i + 1] === "\n") return i;
      return -1;
    };
    return cps;
  }

  function occurrences(cps, words) {
    var found = [];
    outer: for (var i = 0; i + words.length <= cps.length; i++) {
      for (var k = 0; k < words.length; k++) if (cps[i + k] !== words[k]) continue outer;
      found.push({ start: i, end: i + words.length });
    }
    return found;
  }

  function distinguishing(cps, folded, span, others, side, withinParagraph) {
    var options = contextOptions(cps, span, side, withinParagraph);
    for (var n = 0; n < options.length; n++) {
      var option = normalize(chars(options[n])).text;
      if (!option.length) continue;
      var prefix = side === "prefix" ? option : [];
      var suffix = side === "suffix" ? option : [];
      var mine = contextScore(folded, span, prefix, suffix);
      var best = 0;
      others.forEach(function (o) { best = Math.max(best, contextScore(folded, o, prefix, suffix)); });
      if (mine === 1 && clearlyBetter(mine, best, option.length)) return options[n];
    }
    return null;
  }

  // shortest_context(): [prefix, suffix], either null.
  function shortestContext(text, span) {
    var cps = withParagraphSearch(chars(text));
    var places = occurrences(cps, cps.slice(span.start, span.end));
    if (places.length <= 1) return [null, null];
    var others = places.filter(function (p) { return p.start !== span.start || p.end !== span.end; });
    var folded = normalize(cps);
    var tries = [[true, "prefix"], [true, "suffix"], [false, "prefix"], [false, "suffix"]];
    for (var t = 0; t < tries.length; t++) {
      var option = distinguishing(cps, folded, span, others, tries[t][1], tries[t][0]);
      if (option !== null) return tries[t][1] === "prefix" ? [option, null] : [null, option];
    }
    var prefixes = contextOptions(cps, span, "prefix", false);
    var suffixes = contextOptions(cps, span, "suffix", false);
    return [prefixes.length ? prefixes[prefixes.length - 1] : null, suffixes.length ? suffixes[suffixes.length - 1] : null];
  }

  // ------------------------------------------------------------------------------------------
  // The claim as the writer writes it
  // ------------------------------------------------------------------------------------------

  function slugify(text) {
    var ascii = text.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase();
    var words = (ascii.match(/[a-z0-9]+/g) || []).filter(function (w) { return STOPWORDS.indexOf(w) === -1; });
    return words.slice(0, ID_WORDS).join("-");
  }

  function claimIds() {
    var ids = {};
    document.querySelectorAll("[data-claim]").forEach(function (element) { ids[element.dataset.claim] = true; });
    return ids;
  }

  function newId(quote, taken) {
    var base = slugify(quote) || "claim";
    var id = base;
    for (var number = 2; taken[id]; number++) id = base + "-" + number;
    return id;
  }

  var YAML_11 = new RegExp(
    "^(?:" + [
      "y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF",
      "~|null|Null|NULL|<<|=",
      "[-+]?(?:0b[0-1_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|(?:0|[1-9][0-9_]*)|[1-9][0-9_]*(?::[0-5]?[0-9])+)",
      "[-+]?(?:(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+]?[0-9]+)?|\\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[0-9][0-9_]*(?:\\.[0-9_]*)?[eE][-+]?[0-9]+|[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|\\.(?:inf|Inf|INF|nan|NaN|NAN))",
      "[-+]?\\.(?:inf|Inf|INF)",
      "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \\t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?",
    ].join("|") + ")$"
  );

  // A string plain where YAML reads it back as the same string, else double-quoted (as the writer does).
  function scalar(value) {
    var plain = value.length > 0 &&
      !/^[\s#,\[\]{}&*!|>'"%@`]/.test(value) &&
      !/^[-?:](\s|$)/.test(value) &&
      !/\s$/.test(value) &&
      !/: |:$| #/.test(value) &&
      !/[\x00-\x1f\x7f-\x84\x86-\x9f\u2028\u2029\ufeff]|\x85/.test(value) &&
      !YAML_11.test(value);
    if (plain) return value;
    var escapes = { "\\": "\\\\", "\"": "\\\"", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0", "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P", "\ufeff": "\\ufeff" };
    return "\"" + value.replace(/[\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]/g, function (c) {
      if (escapes[c]) return escapes[c];
      var code = c.charCodeAt(0);
      return code < 0x100 ? "\\x" + ("0" + code.toString(16)).slice(-2) : "\\u" + ("000" + code.toString(16)).slice(-4);
    }) + "\"";
  }

  function claimYaml(id, quote, context) {
    var lines = ["  - id: " + scalar(id), "    quote: " + scalar(quote)];
    if (context[0]) lines.push("    prefix: " + scalar(context[0]));
    if (context[1]) lines.push("    suffix: " + scalar(context[1]));
    lines.push("    # speaker: to fill in (an id from annotations/speakers.yml)");
    lines.push("    kind: direct");
    return lines.join("\n") + "\n";
  }

  // The headline is text of the article when the page says it shows the words of the scrape's
  // headline line (`data-in-text`, set by the renderer, which knows what cleaning kept).
  function headlineIsText(done) {
    var headline = document.querySelector("h1.article-headline");
    done(Boolean(headline && headline.hasAttribute("data-in-text")));
  }

  // ------------------------------------------------------------------------------------------
  // The button and the dialog
  // ------------------------------------------------------------------------------------------

  var action = null; // {label, run(span, model)}: the preview's "New claim"
  var button = null;
  var model = null;
  var headlineText = true;

  function articleFile() {
    var code = document.querySelector(".article-about code");
    var match = code && /^annotations\/articles\/[a-z0-9][a-z0-9-]*\.yml$/.exec(code.textContent);
    return match ? match[0] : null;
  }

  function hideButton() { if (button) button.hidden = true; }

  function showButton() {
    model = readText(headlineText);
    var span = model && selectedSpan(model);
    if (!span) { hideButton(); return; }
    if (!button) {
      button = document.createElement("button");
      button.type = "button";
      button.className = "suggest-claim-button";
      button.addEventListener("mousedown", function (event) { event.preventDefault(); }); // keep the selection
      button.addEventListener("click", function () {
        var current = model && selectedSpan(model);
        if (!current) { hideButton(); return; }
        // The button stays (and keeps focus) while the dialog opens: focus returns to it when the dialog closes.
        if (action) action.run(current, model); else openDialog(current, model);
      });
      document.body.appendChild(button);
    }
    button.textContent = action ? action.label : "Suggest a claim";
    var rects = window.getSelection().getRangeAt(0).getClientRects();
    var last = rects[rects.length - 1];
    if (!last) { hideButton(); return; }
    button.hidden = false;
    var left = Math.min(window.scrollX + last.right, window.scrollX + document.documentElement.clientWidth - button.offsetWidth - 8);
    button.style.left = Math.max(window.scrollX + 8, left) + "px";
    button.style.top = window.scrollY + last.bottom + 6 + "px";
  }

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function openDialog(span, text) {
    var context = shortestContext(text.text, span);
    var yaml = claimYaml(newId(span.quote, claimIds()), span.quote, context);
    var returnTo = document.activeElement;
    var dialog = element("dialog", "suggest-claim");
    dialog.setAttribute("aria-labelledby", "suggest-claim-title");
    dialog.appendChild(element("h2", "", "Suggest a claim")).id = "suggest-claim-title";
    var file = articleFile();
    dialog.appendChild(element("p", "", "Add these lines under “claims:” in " + (file || "the article’s annotation file") +
      ", then fill in the speaker and a one-sentence summary (see the contributor guide). Nothing is sent anywhere."));
    var pre = element("pre", "suggest-claim__yaml", yaml);
    pre.tabIndex = 0;
    pre.setAttribute("aria-label", "The claim in YAML");
    dialog.appendChild(pre);
    var actions = element("p", "suggest-claim__actions");
    var copy = element("button", "md-button md-button--primary", "Copy YAML");
    copy.type = "button";
    var status = element("span", "suggest-claim__status");
    status.setAttribute("role", "status");
    copy.addEventListener("click", function () {
      var done = function () { status.textContent = "Copied."; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(yaml).then(done, function () { selectAll(pre); status.textContent = "Press Ctrl+C to copy."; });
      } else { selectAll(pre); status.textContent = "Press Ctrl+C (⌘C) to copy."; }
    });
    actions.appendChild(copy);
    var edit = document.querySelector(".edit-annotations a[href^='http']");
    if (edit) {
      var link = element("a", "md-button", "Open " + (file || "the annotation file") + " in the editor");
      link.href = edit.href;
      link.target = "_blank";
      link.rel = "noopener";
      actions.appendChild(link);
    }
    var close = element("button", "md-button", "Close");
    close.type = "button";
    close.addEventListener("click", function () { dialog.close(); });
    actions.appendChild(close);
    actions.appendChild(status);
    dialog.appendChild(actions);
    dialog.addEventListener("close", function () {
      dialog.remove();
      if (returnTo && returnTo.hidden) returnTo.hidden = false; // the selection's button: it opened the dialog
      if (returnTo && returnTo.focus) returnTo.focus();
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    copy.focus();
  }

  function selectAll(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  window.ArchiveSelection = {
    readText: readText,
    selectedSpan: selectedSpan,
    shortestContext: shortestContext,
    claimYaml: claimYaml,
    newId: newId,
    claimIds: claimIds,
    headlineIsText: function () { return headlineText; },
    register: function (replacement) { action = replacement; },
  };

  function start() {
    if (!document.querySelector(".article-text")) return;
    headlineIsText(function (isText) { headlineText = isText; });
    var timer = 0;
    var later = function () { clearTimeout(timer); timer = setTimeout(showButton, 0); };
    document.addEventListener("mouseup", later);
    document.addEventListener("keyup", function (event) { if (event.key === "Escape") { if (document.activeElement !== button) hideButton(); } else if (event.shiftKey || event.key === "Shift") later(); });
    document.addEventListener("selectionchange", function () {
      var selection = window.getSelection();
      // Focus moving into a dialog collapses the selection; the button that opened it stays to take focus back.
      if ((!selection || selection.isCollapsed) && document.activeElement !== button && !document.querySelector("dialog[open]")) hideButton();
    });
    document.addEventListener("touchend", later);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
