/* "Annotate this passage": on a report page, selecting text offers a panel that proposes an annotation (the
   exact quote, the shortest prefix or suffix that makes it unique, an id, kind, claim type and weight of a
   claim, force of a recommendation, topics, actors and a summary) as YAML to copy, and a link to the report's annotation file in the repository's web editor.
   The report's text and the quote matching are those of the check (macros/text.py, macros/anchoring.py),
   ported exactly: tests/browser/test_annotate.py runs both on every quote of the corpus. The YAML is that of
   `make new-annotation` (macros/scaffold.py). Page and contributor text is only ever set as textContent. */
(function () {
  "use strict";

  /* ---- The check's text and matching, ported from macros/text.py and macros/anchoring.py. ---- */

  /* Python's \s (str.isspace), which the check collapses; JavaScript's \s differs (U+FEFF in; U+001C-U+001F
     and U+0085 out). */
  var WS = "\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";
  var SPACE = new RegExp("[" + WS + "]+", "g");
  var LONG_SPACE = new RegExp("[" + WS + "]{2,}", "g");
  var IS_SPACE = new RegExp("^[" + WS + "]$");
  var SINGLE = /[\u2018\u2019\u201a\u201b\u2032]/g;
  var DOUBLE = /[\u201c\u201d\u201e\u201f\u2033]/g;

  function straighten(text) {
    return text.replace(SINGLE, "'").replace(DOUBLE, '"');
  }

  function trimSpaces(text) { return text.replace(/^ +| +$/g, ""); }

  /* normalize_quote: a quote as it is searched for (normalised and trimmed). */
  function normalizeQuote(text) { return trimSpaces(straighten(text).replace(SPACE, " ")); }

  /* scaffold._collapse: white space as YAML folding writes it back. */
  function collapse(text) { return trimSpaces(text.replace(SPACE, " ")); }

  function bisectRight(list, x) {
    var lo = 0, hi = list.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (x < list[mid]) hi = mid; else lo = mid + 1; }
    return lo;
  }

  /* text.Normalized: white space collapsed, quotes straightened, offsets mapped back to the original. */
  function Normalized(original) {
    var straight = straighten(original), starts = [0], shifts = [0], removed = 0, run;
    LONG_SPACE.lastIndex = 0;
    while ((run = LONG_SPACE.exec(straight)) !== null) {
      removed += run[0].length - 1;
      starts.push(run.index - removed + run[0].length);
      shifts.push(removed);
    }
    this.text = straight.replace(SPACE, " ");
    this.starts = starts;
    this.shifts = shifts;
    this.length = original.length;
  }
  Normalized.prototype.original = function (index) {
    if (index >= this.text.length) return this.length;
    return index + this.shifts[bisectRight(this.starts, index) - 1];
  };

  /* anchoring.SearchText: a text prepared once for many quote look-ups. */
  function SearchText(text) {
    this.text = text;
    this.map = new Normalized(text);
    this.norm = this.map.text;
  }
  SearchText.prototype.occurrences = function (needle) {
    var hits = [], i = this.norm.indexOf(needle);
    while (i !== -1) { hits.push(i); i = this.norm.indexOf(needle, i + 1); }
    return hits;
  };
  /* The text before hit i (right-stripped) ends with the prefix, the text after it (left-stripped) starts
     with the suffix; written with indices rather than slices, as the norm holds single spaces only. */
  SearchText.prototype.contextOk = function (i, length, prefix, suffix) {
    var norm = this.norm, p = normalizeQuote(prefix || ""), s = normalizeQuote(suffix || "");
    var end = i, start = i + length;
    while (end > 0 && norm[end - 1] === " ") end--;
    while (start < norm.length && norm[start] === " ") start++;
    return (!prefix || (end >= p.length && norm.slice(end - p.length, end) === p)) &&
           (!suffix || norm.slice(start, start + s.length) === s);
  };
  SearchText.prototype.hits = function (needle, prefix, suffix) {
    var self = this;
    return this.occurrences(needle).filter(function (i) { return self.contextOk(i, needle.length, prefix, suffix); });
  };
  /* Match: a unique span (offsets in the original text) or how many times the quote occurs. */
  SearchText.prototype.anchor = function (exact, prefix, suffix) {
    var needle = normalizeQuote(exact);
    if (!needle) return { start: -1, end: -1, count: 0 };
    var hits = this.hits(needle, prefix, suffix);
    if (hits.length !== 1) return { start: -1, end: -1, count: hits.length };
    return { start: this.map.original(hits[0]), end: this.map.original(hits[0] + needle.length - 1) + 1, count: 1 };
  };

  /* text._Chunker's hidden elements: footnote numbers and back-links, heading permalinks, scripts, styles. */
  function hiddenElement(el) {
    var tag = el.localName, classes = (el.getAttribute("class") || "").split(SPACE);
    return tag === "script" || tag === "style" ||
      (tag === "sup" && (el.getAttribute("id") || "").indexOf("fnref") === 0) ||
      ["footnote-backref", "headerlink", "footnote-ref"].some(function (c) { return classes.indexOf(c) >= 0; });
  }

  /* text.html_text, from the page: the text a reader reads, with each text node's place in it. */
  function reportText(root) {
    var nodes = [], starts = [], parts = [], length = 0;
    (function walk(el, hidden) {
      for (var n = el.firstChild; n; n = n.nextSibling) {
        if (n.nodeType === 3 && !hidden) {
          nodes.push(n); starts.push(length); parts.push(n.data); length += n.data.length;
        } else if (n.nodeType === 1) {
          walk(n, hidden || hiddenElement(n));
        }
      }
    })(root, false);
    return { text: parts.join(""), nodes: nodes, starts: starts };
  }

  /* The offset in the report's text of a selection boundary: within a text node, or, at an element or in
     hidden text, where the next visible text starts. */
  function offsetAt(t, container, offset) {
    if (container.nodeType === 3) {
      var k = t.nodes.indexOf(container);
      if (k >= 0) return t.starts[k] + Math.min(offset, container.data.length);
    }
    var point = document.createRange();
    point.setStart(container, offset);
    for (var i = 0; i < t.nodes.length; i++) {
      if (point.comparePoint(t.nodes[i], 0) >= 0) return t.starts[i];
    }
    return t.text.length;
  }

  /* A text offset (UTF-16 units) as Python counts it (code points). */
  function codePoints(text, index) { return Array.from(text.slice(0, index)).length; }
  function length(text) { return Array.from(text).length; }

  /* The normalised range [start, end) back in the original text, white space collapsed. */
  function originalSlice(search, start, end) {
    return collapse(search.text.slice(search.map.original(start), search.map.original(end - 1) + 1));
  }

  /* The fewest words before or after the passage at normalised index `at` that make it match once (on a tie,
     the fewer characters, then the prefix); both sides only when no one side will do. */
  function shortestContext(search, at, needle) {
    var norm = search.norm, before = at, after = at + needle.length;
    while (before > 0 && norm[before - 1] === " ") before--;
    while (after < norm.length && norm[after] === " ") after++;
    function unique(prefix, suffix) {
      var hits = search.hits(needle, prefix, suffix);
      return hits.length === 1 && hits[0] === at;
    }
    var p = before, s = after;
    while (p > 0 || s < norm.length) {
      if (p > 0) { p--; while (p > 0 && norm[p - 1] !== " ") p--; }       /* one more word before */
      if (s < norm.length) { s++; while (s < norm.length && norm[s] !== " ") s++; }  /* one more word after */
      var prefix = p < before ? norm.slice(p, before) : "", suffix = s > after ? norm.slice(after, s) : "";
      var options = [];
      if (prefix && unique(prefix, "")) options.push({ prefix: originalSlice(search, p, before), suffix: "", size: prefix.length });
      if (suffix && unique("", suffix)) options.push({ prefix: "", suffix: originalSlice(search, after, s), size: suffix.length });
      if (options.length) return options.sort(function (a, b) { return a.size - b.size; })[0];
      if (prefix && suffix && unique(prefix, suffix)) {
        return { prefix: originalSlice(search, p, before), suffix: originalSlice(search, after, s) };
      }
    }
    return null;
  }

  /* The quote for the text between offsets a and b: exact as scaffold writes it, and a prefix or suffix when
     the passage occurs more than once; null when the selection holds no text. */
  function propose(search, a, b) {
    var text = search.text;
    while (a < b && IS_SPACE.test(text[a])) a++;
    while (b > a && IS_SPACE.test(text[b - 1])) b--;
    if (a >= b) return null;
    var exact = collapse(text.slice(a, b)), needle = normalizeQuote(exact);
    var at = text.slice(0, a).replace(SPACE, " ").length;  /* a's index in the normalised text */
    var count = search.occurrences(needle).length;
    var context = count === 1 ? { prefix: "", suffix: "" } : shortestContext(search, at, needle);
    return { exact: exact, prefix: context ? context.prefix : "", suffix: context ? context.suffix : "",
             count: count, unique: Boolean(context), start: a, end: b };
  }

  /* ---- The new annotation: its id (scaffold._fresh_id) and its YAML (scaffold._item_text). ---- */

  var STOPWORDS = new Set(("a an the and or but nor of to in on at by for from with as into onto than that this " +
    "these those it its is are was were be been being will would should could can may might must shall has have " +
    "had do does did not no so such their there they them we our us he she his her which who whom whose what " +
    "when where while").split(" "));
  var ID_WORDS = 4, ID_MAX = 60, WRAP = 76;

  function idWords(passage) {
    var unquoted = passage.replace(/['\u2019]s(?![\p{L}\p{N}_])/gu, "").replace(/['\u2019]/g, "");
    var plain = unquoted.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase();
    var words = plain.match(/[a-z0-9]+/g) || [];
    var content = words.filter(function (w) { return !STOPWORDS.has(w); });
    return (content.length ? content : words).slice(0, ID_WORDS);
  }

  function suggestId(prefix, passage, taken) {
    var base = prefix, words = idWords(passage);
    for (var i = 0; i < words.length; i++) {
      if (base.length + 1 + words[i].length > ID_MAX) break;
      base += "-" + words[i];
    }
    var candidate = base, n = 2;
    while (taken.has(candidate)) { candidate = base + "-" + n; n++; }
    return candidate;
  }

  /* A plain scalar only when no YAML reader could take it for anything but a string; else double-quoted. */
  function scalar(value) {
    var plain = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(value) && !/^(y|n|yes|no|on|off|true|false|null)$/.test(value);
    return plain ? value : JSON.stringify(value);
  }

  /* textwrap.wrap(value, width, break_long_words=False, break_on_hyphens=False) of single-spaced text. */
  function wrap(value, width) {
    var lines = [], line = "";
    value.split(" ").forEach(function (word) {
      if (!line) line = word;
      else if (length(line) + 1 + length(word) <= width) line += " " + word;
      else { lines.push(line); line = word; }
    });
    if (line) lines.push(line);
    return lines;
  }

  /* A folded block scalar: any text (quotes, colons, '#', `no`, dates) reads back exactly as a string. */
  function folded(key, value, indent) {
    var pad = " ".repeat(indent + 2);
    return [" ".repeat(indent) + key + ": >-"].concat(wrap(value, WRAP - pad.length).map(function (l) { return pad + l; }));
  }

  /* scaffold._scalar: a force's level or wording plain when it is a lower-case word that no YAML 1.1 reader
     takes for a boolean or null (scaffold.YAML_11_WORDS), else double-quoted. */
  var YAML_11_WORDS = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"];
  function forceScalar(value) {
    return /^[a-z][a-z-]*$/.test(value) && YAML_11_WORDS.indexOf(value) < 0 ? value : JSON.stringify(value);
  }

  var TODO = {
    claim_type: "fill in: fact, statistic, assessment or forecast",
    weight: "fill in: key (the report's argument rests on it) or supporting",
    level: "fill in: urged (must, should), proposed (we recommend) or option (could, might)",
    wording: "fill in: the report's own word(s) that carry the force, as they occur in the quote",
    summary: "fill in: one or two sentences in our own words, neutral",
    topics: "fill in: one or more ids from annotations/topics.yml",
    actors: "ids from annotations/actors.yml: who is asked to act, or whom a claim is about"
  };

  /* The entry as a list item of an annotation file, in the house style (fields in the house order). */
  function itemText(entry, dash) {
    var pad = " ".repeat(dash), inner = " ".repeat(dash + 2);
    var lines = [pad + "- id: " + scalar(entry.id), inner + "kind: " + scalar(entry.kind)];
    var claim = entry.kind === "claim", recommendation = entry.kind === "recommendation";
    var keys = (claim ? ["claim_type", "weight"] : []).concat(["quote"], recommendation ? ["force"] : [],
                                                             ["summary", "topics", "actors"], recommendation ? ["status"] : []);
    keys.forEach(function (key) {
      var value = entry[key];
      if (key === "quote") {
        lines.push(inner + "quote:");
        ["exact", "prefix", "suffix"].forEach(function (k) { if (value[k]) lines = lines.concat(folded(k, value[k], dash + 4)); });
      } else if (key === "force") {
        lines.push(inner + "force:");
        ["level", "wording"].forEach(function (k) {
          lines.push(inner + "  " + k + ": " + (value[k] ? forceScalar(value[k]) : '""  # ' + TODO[k]));
        });
      } else if (Array.isArray(value) && (value.length || (key === "actors" && entry.summary))) {
        if (value.length) lines = lines.concat([inner + key + ":"], value.map(function (v) { return inner + "  - " + scalar(v); }));
        else lines.push(inner + key + ": []");
      } else if (Array.isArray(value)) {
        lines.push(inner + key + ": []  # " + TODO[key]);
      } else if (!value) {
        lines.push(inner + key + ': ""  # ' + TODO[key]);
      } else if (key === "summary") {
        lines = lines.concat(folded(key, value, dash + 2));
      } else {
        lines.push(inner + key + ": " + scalar(value));
      }
    });
    return lines.join("\n") + "\n";
  }

  /* The words that most often carry a recommendation's force, and the level each signals (CONTRIBUTING.md,
     "The force of a recommendation"): the first one in the passage proposes the force, for the reader to
     confirm or change. The levels themselves, and what each means, come from the schema (data/vocabulary.json). */
  var CUES = [
    [/^(should|must|needs? to)$/i, "urged"],
    [/^(recommend(s|ed)?|propos(e|es|ed))$/i, "proposed"],
    [/^(could|might|may)$/i, "option"]
  ];
  var CUE = /(?<![\p{L}\p{N}_])(should|must|needs? to|recommend(?:s|ed)?|propos(?:e|es|ed)|could|might|may)(?![\p{L}\p{N}_])/iu;

  /* The level and wording the first cue in the passage proposes ({level: "", wording: ""} when none). */
  function proposeForce(passage) {
    var found = CUE.exec(passage);
    if (!found) return { level: "", wording: "" };
    var words = collapse(found[1]);
    var level = CUES.filter(function (cue) { return cue[0].test(words); })[0][1];
    return { level: level, wording: words };
  }

  /* scaffold._wording_problems: the wording must occur in the quote (normalised, any case). */
  function wordingInQuote(wording, exact) {
    return normalizeQuote(exact).toLowerCase().indexOf(normalizeQuote(wording).toLowerCase()) >= 0;
  }

  /* Characters a YAML file cannot hold (scaffold._PRINTABLE), and direction controls the check refuses
     (plausible.BIDI): a proposal holding one is refused, as new-annotation and the check do. */
  var UNPRINTABLE = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;
  var BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

  function refusal(text) {
    var found = UNPRINTABLE.exec(text), what = "an invisible control character";
    if (!found) { found = BIDI.exec(text); what = "an invisible direction control"; }
    return found ? what + " (U+" + found[0].codePointAt(0).toString(16).toUpperCase().padStart(4, "0") + ")" : "";
  }

  window.annotate = {
    straighten: straighten, normalizeQuote: normalizeQuote, collapse: collapse, Normalized: Normalized,
    SearchText: SearchText, reportText: reportText, offsetAt: offsetAt, codePoints: codePoints, propose: propose,
    idWords: idWords, suggestId: suggestId, itemText: itemText, scalar: scalar, refusal: refusal,
    proposeForce: proposeForce, wordingInQuote: wordingInQuote
  };

  /* ---- The page: the button on a selection, the panel. ---- */

  var button = null, panel = null, proposal = null;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function selectionProposal(root) {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
    var range = selection.getRangeAt(0);
    if (!range.intersectsNode(root)) return null;
    var t = reportText(root);
    var a = root.contains(range.startContainer) ? offsetAt(t, range.startContainer, range.startOffset) : 0;
    var b = root.contains(range.endContainer) ? offsetAt(t, range.endContainer, range.endOffset) : t.text.length;
    var found = propose(new SearchText(t.text), a, b);
    return found && { quote: found, root: root, rect: range.getBoundingClientRect() };
  }

  function hideButton() { if (button) { button.remove(); button = null; } }

  function offerButton(root) {
    var found = selectionProposal(root);
    if (!found) { hideButton(); return; }
    proposal = found;
    if (!button) {
      button = el("button", { type: "button", "class": "annotate-button md-button md-button--primary",
                              "aria-keyshortcuts": "Alt+Shift+A", title: "Annotate this passage (Alt+Shift+A)" },
                  "Annotate this passage");
      button.addEventListener("mousedown", function (e) { e.preventDefault(); });  /* keep the selection */
      button.addEventListener("click", function () { openPanel(); });
      document.body.appendChild(button);
    }
    button.style.top = (found.rect.bottom + window.scrollY + 6) + "px";
    button.style.left = Math.max(8, found.rect.left + window.scrollX) + "px";
  }

  /* The site's lists, and the ids taken with this report's prefix: fetched when the panel first opens. */
  var fetched = {};
  function load(url, fallback) {
    if (!fetched[url]) {
      fetched[url] = fetch(url).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .catch(function () { delete fetched[url]; return fallback; });
    }
    return fetched[url];
  }
  function loadData(root) {
    return Promise.all([load(root.dataset.vocabulary, { kinds: ["claim", "recommendation"], claim_types: [], weights: [],
                                                       force_levels: [], topics: [], actors: [] }),
                        load(root.dataset.idsUrl, [])]);
  }

  function field(form, label, control, hint) {
    var wrapper = el("p", { "class": "annotate-field" });
    wrapper.appendChild(el("label", { "for": control.id }, label));
    wrapper.appendChild(control);
    if (hint !== undefined) {
      control.setAttribute("aria-describedby", control.id + "-hint");
      wrapper.appendChild(el("span", { "class": "annotate-hint", id: control.id + "-hint" }, hint));
    }
    form.appendChild(wrapper);
    return control;
  }

  /* A select of a vocabulary's values (each with its description as a tooltip), "(choose)" first. */
  function choice(form, label, id, items, hint) {
    var select = field(form, label, el("select", { id: id }), hint);
    select.appendChild(el("option", { value: "" }, "(choose)"));
    items.forEach(function (c) { select.appendChild(el("option", { value: c.id, title: c.description }, c.id)); });
    return select;
  }

  function description(items, value) {
    return (items.filter(function (c) { return c.id === value; })[0] || {}).description || "";
  }

  function checkboxes(form, legend, name, items, text) {
    var set = el("fieldset", { "class": "annotate-choices" });
    set.appendChild(el("legend", {}, legend));
    var list = el("div", { "class": "annotate-choice-list" });
    items.forEach(function (item, i) {
      var id = "annotate-" + name + "-" + i;
      var row = el("div");
      var box = el("input", { type: "checkbox", id: id, name: name, value: item.id });
      row.appendChild(box);
      row.appendChild(el("label", { "for": id }, text(item)));
      list.appendChild(row);
    });
    set.appendChild(list);
    form.appendChild(set);
    return set;
  }

  /* Closed, the panel gives the focus back to the report's text (the button that opened it is gone). */
  function closePanel() {
    if (!panel) return;
    panel.remove();
    panel = null;
    var root = reportRoot();
    if (root) {
      if (!root.hasAttribute("tabindex")) root.setAttribute("tabindex", "-1");
      root.focus({ preventScroll: true });
    }
  }

  function openPanel() {
    if (!proposal) return;
    var found = proposal, root = found.root, quote = found.quote;
    if (panel) { panel.remove(); panel = null; }
    loadData(root).then(function (data) { buildPanel(root, quote, data[0], new Set(data[1])); });
  }

  function buildPanel(root, quote, vocab, taken) {
    panel = el("aside", { "class": "annotate-panel md-typeset", role: "dialog", "aria-labelledby": "annotate-title" });
    panel.appendChild(el("h2", { id: "annotate-title" }, "Propose an annotation"));
    panel.appendChild(el("p", { "class": "annotate-label" }, "Passage:"));
    var blockquote = el("blockquote", { "class": "annotate-exact" });
    blockquote.appendChild(el("p", {}, quote.exact));
    panel.appendChild(blockquote);
    var status = el("p", { "class": "annotate-status", role: "status" });
    if (quote.count > 1 && quote.unique) {
      status.textContent = "This passage occurs " + quote.count + " times in the report: " +
        (quote.prefix ? "the prefix “" + quote.prefix + "”" : "") + (quote.prefix && quote.suffix ? " and " : "") +
        (quote.suffix ? "the suffix “" + quote.suffix + "”" : "") + " pick the one you selected.";
    } else if (!quote.unique) {
      status.textContent = "This passage occurs " + quote.count + " times and no words around it tell them apart: select a longer passage.";
    } else {
      status.textContent = "This passage occurs once in the report.";
    }
    panel.appendChild(status);
    var bad = refusal(quote.exact + quote.prefix + quote.suffix);
    var form = el("form", { "class": "annotate-form" });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    var id = field(form, "Id", el("input", { type: "text", id: "annotate-id", autocomplete: "off", spellcheck: "false" }));
    id.value = suggestId(root.dataset.idPrefix || "", quote.exact, taken);
    var kind = field(form, "Kind", el("select", { id: "annotate-kind" }));
    vocab.kinds.forEach(function (k) { kind.appendChild(el("option", { value: k }, k)); });
    var claimType = choice(form, "Claim type", "annotate-claim-type", vocab.claim_types);
    var weights = vocab.weights || [], levels = vocab.force_levels || [];
    var weight = choice(form, "Weight", "annotate-weight", weights,
                        "key if the report's argument rests on the claim (about a quarter of its claims), else supporting");
    var cue = proposeForce(quote.exact);
    var level = choice(form, "Force", "annotate-force", levels, "");
    level.value = levels.some(function (l) { return l.id === cue.level; }) ? cue.level : "";
    var wording = field(form, "Wording (the passage's own words that carry the force)",
                        el("input", { type: "text", id: "annotate-wording", autocomplete: "off", spellcheck: "false" }), "");
    wording.value = cue.wording;
    wording.nextSibling.setAttribute("aria-live", "polite");  /* the warning is announced as it appears */
    /* Until the reader picks a level, a wording that signals one (could, must...) sets it. */
    var levelChosen = false;
    level.addEventListener("change", function () { levelChosen = true; });
    wording.addEventListener("input", function () {
      var signalled = proposeForce(wording.value).level;
      if (!levelChosen && signalled && levels.some(function (l) { return l.id === signalled; })) level.value = signalled;
    });
    checkboxes(form, "Topics", "topics", vocab.topics, function (t) { return t.title + " (" + t.id + ")"; });
    checkboxes(form, "Actors", "actors", vocab.actors, function (a) { return a.name + " (" + a.id + ")"; });
    var summary = field(form, "Summary (one or two sentences, in our own words)", el("textarea", { id: "annotate-summary", rows: "3" }));
    panel.appendChild(form);

    panel.appendChild(el("p", { "class": "annotate-label", id: "annotate-yaml-label" },
                         "Add this to " + root.dataset.annotationFile + ", under annotations:"));
    var output = el("pre", { "class": "annotate-yaml", tabindex: "0", "aria-labelledby": "annotate-yaml-label" });
    var code = el("code");
    output.appendChild(code);
    panel.appendChild(output);
    var actions = el("p", { "class": "annotate-actions" });
    var copy = el("button", { type: "button", "class": "md-button md-button--primary annotate-copy" }, "Copy YAML");
    actions.appendChild(copy);
    if (root.dataset.edit) {
      actions.appendChild(document.createTextNode(" "));
      actions.appendChild(el("a", { href: root.dataset.edit, "class": "md-button annotate-edit", target: "_blank", rel: "noopener" },
                             "Open " + root.dataset.annotationFile + " in the repository's editor"));
    }
    var close = el("button", { type: "button", "class": "md-button annotate-close" }, "Close");
    actions.appendChild(document.createTextNode(" "));
    actions.appendChild(close);
    panel.appendChild(actions);

    function update() {
      [claimType, weight].forEach(function (c) { c.disabled = c.parentElement.hidden = kind.value !== "claim"; });
      [level, wording].forEach(function (c) { c.disabled = c.parentElement.hidden = kind.value !== "recommendation"; });
      var levelHint = level.nextSibling, wordingHint = wording.nextSibling;  /* field() puts each hint after its control */
      levelHint.textContent = description(levels, level.value) || "how strongly the report asks: " +
        levels.map(function (l) { return l.id; }).join(", ");
      var words = collapse(wording.value), missing = Boolean(words) && !wordingInQuote(words, quote.exact);
      wordingHint.textContent = missing ? "Warning: “" + words + "” does not occur in the passage: the check would refuse it."
                                        : "copied from the passage, e.g. should, could consider";
      wordingHint.classList.toggle("annotate-warning", missing);
      if (missing) wording.setAttribute("aria-invalid", "true"); else wording.removeAttribute("aria-invalid");
      var checked = function (name) {
        return Array.from(form.querySelectorAll('input[name="' + name + '"]:checked')).map(function (b) { return b.value; });
      };
      var text = collapse(summary.value);
      var what = bad ? "passage" : refusal(text) ? "summary" : kind.value === "recommendation" && refusal(words) ? "wording" : "";
      if (what) {
        code.textContent = "# The " + what + " holds " + (bad || refusal(text) || refusal(words)) + ": the check would refuse it.";
        return;
      }
      code.textContent = itemText({ id: id.value.trim(), kind: kind.value, claim_type: claimType.value, weight: weight.value,
        quote: { exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix },
        force: { level: level.value, wording: words }, summary: text,
        topics: checked("topics"), actors: checked("actors"), status: "not-yet-assessed" }, 2);
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    copy.addEventListener("click", function () {
      var done = function () { copy.textContent = "Copied"; };
      if (navigator.clipboard) navigator.clipboard.writeText(code.textContent).then(done, function () {});
    });
    close.addEventListener("click", closePanel);
    panel.addEventListener("keydown", function (e) { if (e.key === "Escape") { e.stopPropagation(); closePanel(); } });
    update();
    document.body.appendChild(panel);
    hideButton();
    id.focus();
  }

  function reportRoot() { return document.querySelector(".report-text[data-report]"); }

  /* A selection ends with the mouse or the keyboard, anywhere (it may start or end outside the text). */
  function check() {
    setTimeout(function () { var root = reportRoot(); if (root) offerButton(root); else hideButton(); }, 0);
  }
  document.addEventListener("mouseup", function (e) { if (!(panel && panel.contains(e.target)) && e.target !== button) check(); });
  document.addEventListener("keyup", function (e) { if (e.shiftKey && !(panel && panel.contains(e.target))) check(); });
  document.addEventListener("keydown", function (e) {
    if (e.altKey && e.shiftKey && (e.key === "A" || e.key === "a" || e.code === "KeyA")) {
      var root = reportRoot();
      if (root && selectionProposal(root)) { offerButton(root); e.preventDefault(); openPanel(); }
    }
  });
  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    if (button && (!selection || selection.isCollapsed)) hideButton();
  });
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(function () { hideButton(); closePanel(); });
  }
})();
