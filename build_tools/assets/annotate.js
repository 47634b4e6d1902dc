// Annotated News Archive: the preview's annotate form (`archive serve` only; never in site/).
//
// The preview injects this script, its styles and a per-session token into the article pages it
// serves. Selecting words offers "New claim" (through suggest.js's selection button); a claim's
// card gains "Edit" and "Remove". Every change is a JSON request to the preview's endpoint, which
// writes with `archive claim`'s code and answers with check's messages; the preview rebuilds on
// the file's change and the page reloads with the new highlight. Everything shown is built with
// textContent. Plain script, no dependencies.
//
// On the preview's error page it does one thing: under a claim whose quote no longer anchors,
// the page shows the article's text now (paragraphs carrying their code point offsets), and a
// selection in it is sent as the claim's new words ("Point claim <id> here").
(function () {
  "use strict";

  var settingsElement = document.getElementById("archive-annotate-settings");
  if (!settingsElement) return;
  var settings = JSON.parse(settingsElement.textContent);
  if (document.getElementById("archive-preview-errors")) {
    Array.prototype.forEach.call(document.querySelectorAll("section.repoint"), equipRepoint);
    return;
  }
  if (!window.ArchiveSelection) return;
  var selection = window.ArchiveSelection;
  var options = null; // speakers, tags, kinds, relations
  var repointing = null; // a claim being given new words: {claimId, digest}

  function articleId() {
    var code = document.querySelector(".article-about code");
    var match = code && /^annotations\/articles\/([a-z0-9][a-z0-9-]*)\.yml$/.exec(code.textContent);
    return match ? match[1] : null;
  }

  function ask(action, body) {
    return fetch(settings.endpoint + action, {
      method: "POST",
      headers: (function () { var h = { "Content-Type": "application/json" }; h[settings.header] = settings.token; return h; })(),
      body: JSON.stringify(body || {}),
      credentials: "same-origin",
    }).then(function (answer) {
      return answer.json().then(function (value) {
        if (!answer.ok) {
          var error = new Error(value.error || answer.statusText);
          error.conflict = !!value.conflict;
          throw error;
        }
        return value;
      }, function () { throw new Error("the preview answered " + answer.status + " " + answer.statusText); });
    });
  }

  function loadOptions() {
    if (options) return Promise.resolve(options);
    return ask("options").then(function (value) { options = value; return value; });
  }

  function element(name, attributes, text) {
    var node = document.createElement(name);
    Object.keys(attributes || {}).forEach(function (key) {
      if (key === "className") node.className = attributes[key]; else node.setAttribute(key, attributes[key]);
    });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  var counter = 0;
  function field(label, control, hint) {
    var id = "aa-field-" + (++counter);
    control.id = id;
    var wrap = element("div", { className: "aa-field" });
    wrap.appendChild(element("label", { for: id }, label));
    if (hint) {
      var hintId = id + "-hint";
      wrap.appendChild(element("span", { className: "aa-hint", id: hintId }, hint));
      control.setAttribute("aria-describedby", hintId);
    }
    wrap.appendChild(control);
    return wrap;
  }

  function button(text, className, onClick) {
    var node = element("button", { type: "button", className: className || "md-button" }, text);
    node.addEventListener("click", onClick);
    return node;
  }

  function slug(text) {
    var ascii = text.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase();
    return (ascii.match(/[a-z0-9]+/g) || []).join("-");
  }

  // ------------------------------------------------------------------------------------------
  // The form
  // ------------------------------------------------------------------------------------------

  // mode: {operation: "add"|"edit", span?, claim?: values of the claim, draft?: the placed words}
  function openForm(mode) {
    var returnTo = document.activeElement;
    var dialog = element("dialog", { className: "aa-form", "aria-labelledby": "aa-title" });
    var form = element("form", { method: "dialog", novalidate: "" });
    dialog.appendChild(form);
    var title = mode.operation === "add" ? "New claim" : "Edit claim “" + mode.claim.id + "”";
    form.appendChild(element("h2", { id: "aa-title" }, title));
    var quote = mode.operation === "add" ? mode.draft.quote : mode.claim.quote;
    var words = element("blockquote", { className: "aa-quote" }, quote);
    form.appendChild(words);
    if (mode.draft && (mode.draft.prefix || mode.draft.suffix)) {
      form.appendChild(element("p", { className: "aa-hint" },
        mode.draft.prefix ? "The words appear more than once; written with the prefix “" + mode.draft.prefix + "”."
          : "The words appear more than once; written with the suffix “" + mode.draft.suffix + "”."));
    }
    var values = mode.operation === "add" ? mode.draft : mode.claim;

    // Speaker: a search over names and aliases, a list of matches, and "new speaker".
    var search = element("input", { type: "search", autocomplete: "off" });
    var speaker = element("select", { size: "5" });
    function fillSpeakers(keep) {
      var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      var current = keep || speaker.value;
      speaker.textContent = "";
      speaker.appendChild(element("option", { value: "" }, "No speaker (the outlet’s own voice)"));
      options.speakers.forEach(function (s) {
        var haystack = [s.id, s.name].concat(s.aliases).join(" ").toLowerCase();
        if (words.every(function (w) { return haystack.indexOf(w) !== -1; }) || s.id === current) {
          var label = s.name + (s.aliases.length ? " (" + s.aliases.slice(0, 3).join(", ") + ")" : "") + " — " + s.id;
          speaker.appendChild(element("option", { value: s.id }, label));
        }
      });
      speaker.value = current || "";
    }
    search.addEventListener("input", function () { fillSpeakers(); if (speaker.options.length > 1 && search.value) speaker.selectedIndex = 1; });
    form.appendChild(field("Search speakers (names and aliases)", search));
    form.appendChild(field("Speaker", speaker));
    fillSpeakers(values.speaker || "");
    if (values.unnamed) form.appendChild(element("p", { className: "aa-hint" }, "Written as an unnamed source (“" + values.unnamed + "”); choose a speaker to replace it."));

    var newSpeaker = element("fieldset", { className: "aa-new-speaker", hidden: "" });
    newSpeaker.appendChild(element("legend", {}, "New speaker"));
    var speakerName = element("input", { type: "text", autocomplete: "off" });
    var speakerId = element("input", { type: "text", autocomplete: "off", pattern: "[a-z0-9][a-z0-9-]*" });
    var speakerType = element("select", {});
    ["person", "organization"].forEach(function (t) { speakerType.appendChild(element("option", { value: t }, t)); });
    var speakerAliases = element("input", { type: "text", autocomplete: "off" });
    speakerName.addEventListener("input", function () { if (!speakerId.dataset.edited) speakerId.value = slug(speakerName.value); });
    speakerId.addEventListener("input", function () { speakerId.dataset.edited = "1"; });
    newSpeaker.appendChild(field("Name", speakerName));
    newSpeaker.appendChild(field("Id", speakerId, "lowercase letters, digits and hyphens"));
    newSpeaker.appendChild(field("Type", speakerType));
    newSpeaker.appendChild(field("Aliases", speakerAliases, "other names the texts use, separated by commas"));
    newSpeaker.appendChild(button("Add to annotations/speakers.yml", "md-button", function () {
      var entry = {
        id: speakerId.value.trim(),
        name: speakerName.value.trim(),
        type: speakerType.value,
        aliases: speakerAliases.value.split(",").map(function (a) { return a.trim(); }).filter(Boolean),
      };
      ask("speaker", entry).then(function () {
        options.speakers.push({ id: entry.id, name: entry.name, aliases: entry.aliases, type: entry.type });
        search.value = "";
        fillSpeakers(entry.id);
        newSpeaker.hidden = true;
        say("Speaker “" + entry.id + "” added to annotations/speakers.yml.", false);
        speaker.focus();
      }, function (error) { say(error.message, true); });
    }));
    form.appendChild(button("New speaker…", "md-button aa-small", function () {
      newSpeaker.hidden = !newSpeaker.hidden;
      if (!newSpeaker.hidden) { speakerName.value = search.value; speakerId.value = slug(search.value); speakerName.focus(); }
    }));
    form.appendChild(newSpeaker);

    var cue = element("input", { type: "text", autocomplete: "off" });
    cue.value = values.cue || "";
    form.appendChild(field("Cue", cue, "the attribution words in the text (said, stressed, slammed)"));
    var kind = element("select", {});
    options.kinds.forEach(function (k) { kind.appendChild(element("option", { value: k }, k)); });
    kind.value = values.kind || "direct";
    form.appendChild(field("Kind", kind, "direct: verbatim; indirect: paraphrase; assertion: the outlet’s own voice"));
    var summary = element("textarea", { rows: "2", required: "" });
    summary.value = values.summary || "";
    form.appendChild(field("Summary", summary, "one neutral sentence in the archive’s voice"));

    var tags = element("fieldset", { className: "aa-tags" });
    tags.appendChild(element("legend", {}, "Tags"));
    var chosenTags = values.tags || [];
    options.tags.forEach(function (t) {
      var id = "aa-tag-" + (++counter);
      var wrap = element("span", { className: "aa-tag" });
      var box = element("input", { type: "checkbox", id: id, value: t.id });
      box.checked = chosenTags.indexOf(t.id) !== -1;
      wrap.appendChild(box);
      wrap.appendChild(element("label", { for: id }, t.title));
      tags.appendChild(wrap);
    });
    form.appendChild(tags);

    // Relations: those chosen, the archive's suggestions, a search over the archive's claims.
    var relations = (values.relations || []).map(function (r) { return { type: r[0], target: r[1], written: true }; });
    var fixed = mode.claim && mode.claim.external_relations > 0; // relations to sources: only added to, never rewritten
    var relationBox = element("fieldset", { className: "aa-relations" });
    relationBox.appendChild(element("legend", {}, "Relations"));
    var chosen = element("ul", { className: "aa-chosen" });
    relationBox.appendChild(chosen);
    function showRelations() {
      chosen.textContent = "";
      if (!relations.length) chosen.appendChild(element("li", { className: "aa-hint" }, "none"));
      relations.forEach(function (r, index) {
        var item = element("li", {}, r.type + ": " + r.target + " ");
        if (!(fixed && r.written)) {
          item.appendChild(button("Remove", "aa-link", function () { relations.splice(index, 1); showRelations(); chosen.focus(); }));
        }
        chosen.appendChild(item);
      });
    }
    chosen.tabIndex = -1;
    function addRelation(type, target) {
      if (relations.some(function (r) { return r.type === type && r.target === target; })) return;
      relations.push({ type: type, target: target, written: false });
      showRelations();
      say("Added " + type + ": " + target + ".", false);
    }
    showRelations();
    var suggested = (mode.draft && mode.draft.suggestions) || [];
    if (suggested.length) {
      relationBox.appendChild(element("p", { className: "aa-hint" }, "The archive suggests:"));
      var list = element("ul", { className: "aa-suggestions" });
      suggested.forEach(function (s) {
        var item = element("li");
        item.appendChild(button(s.relation + ": " + s.ref, "md-button aa-small", function () { addRelation(s.relation, s.ref); }));
        item.appendChild(element("span", { className: "aa-result" }, " “" + s.quote + "” — " + [s.speaker, s.outlet, s.date].filter(Boolean).join(", ") + " (" + s.reason + ")"));
        list.appendChild(item);
      });
      relationBox.appendChild(list);
    }
    var relationType = element("select", {});
    options.relations.forEach(function (r) { relationType.appendChild(element("option", { value: r }, r)); });
    var claimSearch = element("input", { type: "search", autocomplete: "off" });
    var results = element("ul", { className: "aa-results", "aria-live": "polite" });
    var searching = 0;
    claimSearch.addEventListener("input", function () {
      var asked = ++searching;
      if (!claimSearch.value.trim()) { results.textContent = ""; return; }
      ask("claims", { query: claimSearch.value }).then(function (found) {
        if (asked !== searching) return;
        results.textContent = "";
        if (!found.claims.length) results.appendChild(element("li", { className: "aa-hint" }, "no claim has all these words"));
        found.claims.forEach(function (c) {
          var item = element("li");
          item.appendChild(button("Add", "md-button aa-small", function () { addRelation(relationType.value, c.ref); }));
          item.appendChild(element("span", { className: "aa-result" }, " " + c.ref + ": “" + c.quote + "” — " + [c.speaker, c.outlet, c.date].filter(Boolean).join(", ")));
          results.appendChild(item);
        });
      }, function (error) { say(error.message, true); });
    });
    relationBox.appendChild(field("Relation type", relationType));
    relationBox.appendChild(field("Search the archive’s claims (words, speaker, outlet)", claimSearch));
    relationBox.appendChild(results);
    form.appendChild(relationBox);

    var message = element("div", { className: "aa-message", role: "alert" });
    form.appendChild(message);
    function say(text, isError) {
      message.textContent = "";
      if (!text) return;
      message.className = "aa-message" + (isError ? " aa-message--error" : "");
      text.split("\n").forEach(function (line) { message.appendChild(element("p", {}, line)); });
    }
    var diff = element("pre", { className: "aa-diff", hidden: "", tabindex: "0", "aria-label": "The change to the file" });
    form.appendChild(diff);

    var actions = element("p", { className: "aa-actions" });
    var save = element("button", { type: "submit", className: "md-button md-button--primary" }, "Save");
    actions.appendChild(save);
    actions.appendChild(button("Cancel", "md-button", function () { dialog.close(); }));
    if (mode.operation === "edit") {
      actions.appendChild(button("Choose new words…", "md-button", function () {
        repointing = { claimId: mode.claim.id, digest: mode.claim.digest };
        selection.register({ label: "Re-point “" + mode.claim.id + "” here", run: repoint });
        dialog.close();
        announce("Select the claim’s new words in the text, then press “Re-point”. Escape cancels.");
      }));
    }
    form.appendChild(actions);

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!summary.value.trim()) { say("A claim needs a summary: one neutral sentence.", true); summary.focus(); return; }
      var fields = {
        speaker: speaker.value,
        cue: cue.value.trim(),
        kind: kind.value,
        summary: summary.value.trim(),
        tags: Array.prototype.filter.call(tags.querySelectorAll("input"), function (b) { return b.checked; }).map(function (b) { return b.value; }),
      };
      var pairs = relations.map(function (r) { return [r.type, r.target]; });
      if (fixed) fields.add_relations = relations.filter(function (r) { return !r.written; }).map(function (r) { return [r.type, r.target]; });
      else fields.relations = pairs;
      var body = { operation: mode.operation, article: articleId(), fields: fields, digest: (mode.draft || mode.claim).digest };
      if (mode.operation === "add") {
        body.start = mode.span.start; body.end = mode.span.end; body.quote = mode.span.quote;
        if (!fields.speaker) delete fields.speaker;
        if (!fields.cue) delete fields.cue;
        if (!fields.tags.length) delete fields.tags;
        if (!pairs.length) delete fields.relations;
      } else {
        body.claim_id = mode.claim.id;
      }
      save.disabled = true;
      say("Saving…", false);
      ask("save", body).then(function (done) { saved(done, say, diff); }, function (error) {
        save.disabled = false;
        say(error.message, true);
      });
    });

    dialog.addEventListener("close", function () {
      dialog.remove();
      if (returnTo && returnTo.hidden) returnTo.hidden = false; // the selection's button: it opened the form
      if (returnTo && returnTo.focus && document.contains(returnTo)) returnTo.focus();
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    (mode.operation === "add" ? search : summary).focus();
    return dialog;
  }

  function saved(done, say, diff) {
    var lines = [done.written ? "Saved: the preview is rebuilding and shows the change in a moment." : "Nothing to change."];
    if (done.problems.length) lines.push("The check reports:");
    say(lines.concat(done.problems).join("\n"), !done.ok);
    if (done.diff) { diff.textContent = done.diff; diff.hidden = false; }
  }

  // A message for the page outside the form (re-pointing, a removal).
  function announce(text, isError) {
    var box = document.getElementById("aa-announce");
    if (!box) {
      box = element("div", { id: "aa-announce", className: "aa-announce", role: "status" });
      document.body.appendChild(box);
    }
    box.className = "aa-announce" + (isError ? " aa-message--error" : "");
    box.textContent = text;
    box.hidden = !text;
  }

  // ------------------------------------------------------------------------------------------
  // The error page: a claim whose quote no longer anchors, pointed at its new words
  // ------------------------------------------------------------------------------------------

  // The clean text of a re-point section, one code point an entry (gaps between paragraphs as "\n").
  function codePoints(box) {
    var cps = [];
    Array.prototype.forEach.call(box.querySelectorAll("p[data-start]"), function (p) {
      var start = Number(p.dataset.start);
      while (cps.length < start) cps.push("\n");
      Array.prototype.push.apply(cps, Array.from(p.textContent));
    });
    return cps;
  }

  // The clean text offset of a point of the selection: its paragraph's start and the code points before it there.
  function offsetOf(box, node, offset) {
    var paragraphs = box.querySelectorAll("p[data-start]");
    for (var i = 0; i < paragraphs.length; i++) {
      var p = paragraphs[i];
      if (p === node || p.contains(node)) {
        var before = document.createRange();
        before.setStart(p, 0);
        before.setEnd(node, offset);
        return Number(p.dataset.start) + Array.from(before.toString()).length;
      }
    }
    var point = document.createRange(); // between paragraphs: where the next one starts
    point.setStart(node, offset);
    for (var j = 0; j < paragraphs.length; j++) {
      if (point.comparePoint(paragraphs[j], 0) >= 0) return Number(paragraphs[j].dataset.start);
    }
    return paragraphs.length ? Number(paragraphs[paragraphs.length - 1].dataset.end) : 0;
  }

  function equipRepoint(section) {
    var box = section.querySelector("[data-repoint-text]");
    if (!box) return; // the article's text could not be made: the page says why
    var claimId = section.dataset.claim;
    var cps = codePoints(box);
    var chosen = null;
    var shown = element("p", { className: "aa-repoint-selected", "aria-live": "polite" });
    var point = element("button", { type: "button", className: "aa-repoint-button" }, "Point claim " + claimId + " here");
    var message = element("div", { className: "aa-message", role: "alert" });
    var diff = element("pre", { className: "aa-diff", hidden: "", tabindex: "0", "aria-label": "The change to the file" });
    function show() {
      shown.textContent = chosen ? "Selected: “" + chosen.quote + "”" : "No words selected yet: select the claim’s new words in the text above.";
    }
    function say(text, isError) {
      message.className = "aa-message" + (isError ? " aa-message--error" : "");
      message.textContent = "";
      text.split("\n").forEach(function (line) { message.appendChild(element("p", {}, line)); });
    }
    document.addEventListener("selectionchange", function () {
      var current = getSelection();
      if (!current.rangeCount) return;
      var range = current.getRangeAt(0);
      var inside = box.contains(range.startContainer) && box.contains(range.endContainer);
      if (!inside) return; // a click on the button, or a selection elsewhere, keeps what was chosen here
      var start = offsetOf(box, range.startContainer, range.startOffset);
      var end = offsetOf(box, range.endContainer, range.endOffset);
      while (start < end && /\s/.test(cps[start])) start++;
      while (end > start && /\s/.test(cps[end - 1])) end--;
      chosen = start < end ? { start: start, end: end, quote: cps.slice(start, end).join("") } : null;
      show();
    });
    point.addEventListener("click", function () {
      if (!chosen) { say("Select the claim’s new words in the article’s text above first.", true); return; }
      point.disabled = true;
      say("Pointing claim " + claimId + " at “" + chosen.quote + "”…", false);
      ask("save", {
        operation: "edit", article: section.dataset.article, claim_id: claimId,
        start: chosen.start, end: chosen.end, quote: chosen.quote, fields: {}, digest: section.dataset.digest,
      }).then(function (done) {
        var lines = [done.written ? "Written: the preview is rebuilding; this page turns back into the article once it builds." : "Nothing to change."];
        if (done.problems.length) lines.push("The check reports:");
        say(lines.concat(done.problems).join("\n"), !done.ok);
        if (done.diff) { diff.textContent = done.diff; diff.hidden = false; }
        if (done.digest) section.dataset.digest = done.digest;
        point.disabled = false;
      }, function (error) {
        point.disabled = false;
        say(error.message, true);
      });
    });
    show();
    var actions = element("div", { className: "aa-repoint" });
    actions.appendChild(shown);
    actions.appendChild(point);
    actions.appendChild(message);
    actions.appendChild(diff);
    box.after(actions);
  }

  // ------------------------------------------------------------------------------------------
  // From a selection, from a card
  // ------------------------------------------------------------------------------------------

  function newClaim(span) {
    announce("Placing the words…");
    Promise.all([loadOptions(), ask("draft", { article: articleId(), start: span.start, end: span.end, quote: span.quote })]).then(function (answers) {
      announce("");
      openForm({ operation: "add", span: span, draft: answers[1] });
    }, function (error) { announce(error.message, true); });
  }

  function repoint(span) {
    var target = repointing;
    repointing = null;
    selection.register(newClaimAction);
    announce("Re-pointing “" + target.claimId + "”…");
    ask("save", { operation: "edit", article: articleId(), claim_id: target.claimId, start: span.start, end: span.end, quote: span.quote, fields: {}, digest: target.digest })
      .then(function () { announce("Re-pointed “" + target.claimId + "”: the preview is rebuilding."); }, function (error) { announce(error.message, true); });
  }

  function editClaim(claimId) {
    Promise.all([loadOptions(), ask("claim", { article: articleId(), claim_id: claimId })]).then(function (answers) {
      openForm({ operation: "edit", claim: answers[1] });
    }, function (error) { announce(error.message, true); });
  }

  function removeClaim(claimId) {
    var returnTo = document.activeElement;
    var dialog = element("dialog", { className: "aa-form aa-confirm", "aria-labelledby": "aa-remove-title" });
    dialog.appendChild(element("h2", { id: "aa-remove-title" }, "Remove claim “" + claimId + "”?"));
    dialog.appendChild(element("p", {}, "Its lines are taken out of annotations/articles/" + articleId() + ".yml (with the comment just above it)."));
    var message = element("div", { className: "aa-message", role: "alert" });
    dialog.appendChild(message);
    var actions = element("p", { className: "aa-actions" });
    var remove = button("Remove", "md-button md-button--primary", function () {
      remove.disabled = true;
      ask("claim", { article: articleId(), claim_id: claimId }).then(function (claim) {
        return ask("save", { operation: "remove", article: articleId(), claim_id: claimId, digest: claim.digest });
      }).then(function () {
        message.textContent = "Removed: the preview is rebuilding.";
      }, function (error) { remove.disabled = false; message.className = "aa-message aa-message--error"; message.textContent = error.message; });
    });
    actions.appendChild(remove);
    actions.appendChild(button("Cancel", "md-button", function () { dialog.close(); }));
    dialog.appendChild(actions);
    dialog.addEventListener("close", function () { dialog.remove(); if (returnTo && returnTo.focus && document.contains(returnTo)) returnTo.focus(); });
    document.body.appendChild(dialog);
    dialog.showModal();
    remove.focus();
  }

  // The card (article.js builds it anew each time it opens): add Edit and Remove to its actions.
  function equip(card) {
    var actions = card.querySelector(".claim-popover__actions");
    var cite = card.querySelector("[data-cite]");
    if (!actions || !cite || actions.querySelector(".aa-card-edit")) return;
    var claimId = cite.dataset.cite;
    actions.appendChild(button("Edit", "aa-card-edit", function () { editClaim(claimId); }));
    actions.appendChild(button("Remove", "aa-card-remove", function () { removeClaim(claimId); }));
  }

  var newClaimAction = { label: "New claim", run: newClaim };
  selection.register(newClaimAction);
  new MutationObserver(function () {
    var card = document.getElementById("claim-card");
    if (card) equip(card);
  }).observe(document.body, { childList: true, subtree: true });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && repointing) {
      repointing = null;
      selection.register(newClaimAction);
      announce("");
    }
  });
})();
