/* Annotated report pages: a reading control (which annotations are highlighted, remembered across pages),
   a margin list of the page's annotations (in the sidebar on wide screens, behind a button on a phone), and
   a card for a highlighted passage (on hover, click, Enter; inside the viewport; a bottom sheet on a phone);
   deep-link highlighting; print buttons; print preparation (every <details> opened, link targets for
   print.css). Re-initialised on every page of Material's instant navigation. Data reaches the page only as
   text: nodes are built, never parsed from strings. */
(function () {
  "use strict";

  /* The reading modes, in the order the control lists them; "key" is the default. A claim is key when its
     mark says data-weight="key", as the model's is_key (annotations.css hides the same marks without JavaScript). */
  var MODES = [
    { id: "all", label: "All" },
    { id: "recs", label: "Recommendations only" },
    { id: "key", label: "Key claims and recommendations" },
    { id: "none", label: "None" }
  ];
  var DEFAULT_MODE = "key";
  var STORE = "anno-mode";
  var PHONE = "(max-width: 37.5em)";   /* 600 px: the card is a bottom sheet */
  var WIDE = "(min-width: 60em)";      /* 960 px: Material shows the table of contents in a sidebar */

  var popover = null;     /* the open card: {el, mark, pinned} */
  var hideTimer = null;
  var quietUntil = 0;
  var annos = [];         /* this page's annotations in reading order: {id, kind, weight, mark, summary} */

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) node.textContent = text;
    return node;
  }

  /* ---- reading mode ---- */

  function storedMode() {
    var mode = null;
    try { mode = localStorage.getItem(STORE); } catch (err) { /* storage refused: the default */ }
    return MODES.some(function (m) { return m.id === mode; }) ? mode : DEFAULT_MODE;
  }

  function shown(kind, weight, mode) {
    if (mode === "all") return true;
    if (mode === "none") return false;
    if (kind === "recommendation") return true;
    return mode === "key" && weight === "key";
  }

  /* A passage is shown when the mode shows its kind, or when it is the passage the address points at. */
  function markShown(mark, mode) {
    if (mark.classList.contains("anno-target")) return true;
    return shown(mark.dataset.kind, mark.dataset.weight, mode || document.documentElement.dataset.annoMode);
  }

  function setMode(mode, remember) {
    document.documentElement.dataset.annoMode = mode;
    if (remember) { try { localStorage.setItem(STORE, mode); } catch (err) { /* not remembered */ } }
    document.querySelectorAll("mark.anno").forEach(function (m) {
      if (m.id) m.setAttribute("tabindex", markShown(m, mode) ? "0" : "-1");
    });
    document.querySelectorAll(".anno-modes input").forEach(function (input) { input.checked = input.value === mode; });
    var count = 0;
    document.querySelectorAll(".anno-margin li").forEach(function (li) {
      li.hidden = !shown(li.dataset.kind, li.dataset.weight, mode);
      if (!li.hidden) count += 1;
    });
    document.querySelectorAll(".anno-margin-count").forEach(function (c) { c.textContent = String(count); });
    document.querySelectorAll(".anno-margin-empty").forEach(function (p) { p.hidden = count > 0; });
    hide();
  }

  /* ---- the card ---- */

  function cardFor(id) {
    var title = document.getElementById("card-" + id);
    return title ? title.closest("article.anno-card") : null;
  }

  /* The annotations a passage belongs to that the reading mode shows, outermost last. */
  function idsAt(mark) {
    var ids = [];
    for (var node = mark; node; node = node.parentElement) {
      if (node.matches && node.matches("mark.anno") && markShown(node) && ids.indexOf(node.dataset.anno) < 0) ids.push(node.dataset.anno);
    }
    return ids;
  }

  function publicLink(id) {
    var canonical = document.querySelector('link[rel="canonical"]');
    var page = canonical ? canonical.href.split("#")[0] : location.href.split("#")[0];
    return page + "#" + encodeURIComponent(id);
  }

  function copy(text, status, done) {
    function said() { status.textContent = done; }
    function fallback() {
      var area = el("textarea", { readonly: "", "aria-hidden": "true", "class": "anno-copy-buffer" });
      area.value = text;
      document.body.appendChild(area);
      area.select();
      try { document.execCommand("copy"); said(); } catch (err) { status.textContent = "Select and copy: " + text; }
      area.remove();
    }
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(said, fallback);
    else fallback();
  }

  /* A report page's card holds no citation text (it was half of every report page): its "Cite" block and the
     copy buttons read the passage's citations from the report's citation file (data-cite-src), fetched once
     per page, when first needed. */
  var CITE_FORMATS = [["text", "Chicago:"], ["bibtex", "BibTeX:"], ["ris", "RIS:"], ["csl", "CSL-JSON:"]];
  var citeFiles = {};

  function citationOf(card, id) {
    var box = card.querySelector("details.card-cite[data-cite-src]");
    if (!box) return null;
    var src = box.getAttribute("data-cite-src");
    if (!citeFiles[src]) {
      citeFiles[src] = fetch(src).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      });
      citeFiles[src].catch(function () { delete citeFiles[src]; });  /* a failed fetch is tried again next time */
    }
    return citeFiles[src].then(function (all) {
      if (!Object.prototype.hasOwnProperty.call(all, id)) throw new Error("no citation for " + id);
      return all[id];
    });
  }

  /* The formats go after the block's links, as text (never markup: they hold contributor and report text);
     the CSL-JSON, compact in the file, indented as a reader reads it. */
  function fillCite(box, cite) {
    if (box.querySelector("pre")) return;
    CITE_FORMATS.forEach(function (f) {
      box.appendChild(el("p", { "class": "cite-label" }, f[1]));
      box.appendChild(el("pre", { "class": "cite-" + f[0] }, f[0] === "csl" ? indented(cite.csl) : cite[f[0]]));
    });
  }

  function indented(json) {
    try { return JSON.stringify(JSON.parse(json), null, 1); } catch (e) { return json; }
  }

  document.addEventListener("toggle", function (e) {  /* toggle does not bubble: caught on the way down */
    var box = e.target;
    if (!box.matches || !box.matches("details.card-cite[data-cite-src]") || !box.open) return;
    var card = box.closest("[data-anno]"), found = card && citationOf(card, card.getAttribute("data-anno"));
    if (found) found.then(function (cite) { fillCite(box, cite); }, function () { /* the links to the files stay */ });
  }, true);

  /* Copy link, copy citation (Chicago) and copy BibTeX, under a card's copy in the popover; the card's own
     "Cite" block (every format) stays as it is. The citation is asked for as the popover opens, so that a
     click copies at once. */
  function actions(card, id) {
    var bar = el("p", { "class": "anno-actions" });
    var status = el("span", { "class": "anno-status", role: "status" });
    var items = [["Copy link", function () { return publicLink(id); }, "Link copied"]];
    var cite = citationOf(card, id);
    if (cite) {
      cite.catch(function () { /* said when a button is used */ });
      items.push(["Copy citation", function () { return cite.then(function (c) { return c.text; }); }, "Citation copied"]);
      items.push(["Copy BibTeX", function () { return cite.then(function (c) { return c.bibtex; }); }, "BibTeX copied"]);
    }
    items.forEach(function (item) {
      var button = el("button", { type: "button", "class": "anno-action" }, item[0]);
      button.addEventListener("click", function (e) {
        e.stopPropagation();
        Promise.resolve(item[1]()).then(function (text) { copy(text, status, item[2]); }, function () {
          status.textContent = "The citation could not be loaded: the card's Cite links to the files.";
        });
      });
      bar.appendChild(button);
    });
    bar.appendChild(status);
    return bar;
  }

  function headerBottom() {
    var header = document.querySelector(".md-header");
    return header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
  }

  /* Inside the viewport: below the passage if the card fits there, else above it, else over it (as high as
     the viewport allows, scrolling inside); on a phone, a sheet along the bottom edge. */
  function place(box, mark) {
    var vw = document.documentElement.clientWidth, vh = window.innerHeight, gap = 8;
    if (window.matchMedia(PHONE).matches) {
      box.dataset.placement = "sheet";
      var r0 = mark.getBoundingClientRect();
      var sheetTop = vh - box.offsetHeight;
      if (r0.top < headerBottom() || r0.top > sheetTop - 40) {  /* keep the passage's start in sight, above the sheet */
        window.scrollBy(0, r0.top - headerBottom() - 16);
      }
      return;
    }
    var top = headerBottom() + gap, room = vh - top - gap;
    box.style.maxHeight = room + "px";
    var h = box.offsetHeight, w = box.offsetWidth;
    var rects = mark.getClientRects();
    var r = mark.getBoundingClientRect();
    if (r.bottom + 6 + h > vh - gap && r.top - 6 - h < top && rects.length > 1) r = rects[0].top >= top ? rects[0] : r;
    var y, placement, below = vh - gap - (r.bottom + 6), above = r.top - 6 - top, least = Math.min(h, 240);
    if (h <= below) { y = r.bottom + 6; placement = "below"; }
    else if (h <= above) { y = r.top - 6 - h; placement = "above"; }
    else if (Math.max(below, above) >= least) {  /* the roomier side, the card scrolling inside */
      h = Math.max(below, above);
      box.style.maxHeight = h + "px";
      if (below >= above) { y = r.bottom + 6; placement = "below"; } else { y = top; placement = "above"; }
    }
    else { y = Math.min(Math.max(r.bottom + 6, top), vh - gap - h); placement = "over"; }
    var x = Math.max(gap, Math.min(r.left, vw - w - gap));
    box.dataset.placement = placement;
    box.style.left = (x + window.scrollX) + "px";
    box.style.top = (y + window.scrollY) + "px";
  }

  function hide(returnFocus) {
    clearTimeout(hideTimer);
    if (!popover) return;
    var was = popover;
    popover = null;
    var hadFocus = was.el.contains(document.activeElement);
    was.el.remove();
    document.querySelectorAll("mark.anno-active").forEach(function (m) { m.classList.remove("anno-active"); });
    if ((returnFocus || hadFocus) && was.mark.isConnected) was.mark.focus({ preventScroll: true });
    if (returnFocus) quietUntil = Date.now() + 500;  /* closed on purpose, the pointer perhaps on the passage: not at once again */
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () { if (popover && !popover.pinned) hide(); }, 300);
  }

  /* Open the card of the passage ``mark``: ``pinned`` stays until closed (a click, a key, the margin list),
     otherwise it goes when the pointer leaves; ``focus`` moves the keyboard into it. */
  function show(mark, pinned, focus) {
    var ids = idsAt(mark);
    if (!ids.length) return false;
    var first = document.getElementById(ids[0]) || mark;  /* focusable: where Escape returns */
    if (popover && popover.mark === first && popover.ids === ids.join(" ")) {
      if (pinned) popover.pinned = true;
      if (focus) popover.el.focus();
      return true;
    }
    hide();
    var box = el("div", { "class": "anno-popover md-typeset", role: "dialog", tabindex: "-1",
                          "aria-label": ids.length > 1 ? "Annotations of this passage" : "Annotation" });
    var close = el("button", { type: "button", "class": "anno-close", "aria-label": "Close", title: "Close (Esc)" }, "×");
    close.addEventListener("click", function (e) { e.stopPropagation(); hide(true); });
    box.appendChild(close);
    ids.forEach(function (id) {
      var card = cardFor(id);
      if (!card) return;
      var copy = card.cloneNode(true);
      copy.querySelectorAll("[id]").forEach(function (node) { node.removeAttribute("id"); });
      copy.appendChild(actions(copy, id));
      box.appendChild(copy);
    });
    box.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    box.addEventListener("mouseleave", function () { if (!popover || !popover.pinned) scheduleHide(); });
    box.addEventListener("keydown", trapTab);
    document.body.appendChild(box);
    popover = { el: box, mark: first, at: mark, ids: ids.join(" "), pinned: !!pinned };
    ids.forEach(function (id) {
      document.querySelectorAll('mark.anno[data-anno="' + CSS.escape(id) + '"]').forEach(function (m) { m.classList.add("anno-active"); });
    });
    place(box, mark);
    if (focus) box.focus({ preventScroll: true });
    return true;
  }

  function trapTab(e) {
    if (e.key !== "Tab" || !popover) return;
    var focusable = Array.prototype.filter.call(
      popover.el.querySelectorAll("a[href], button, summary, [tabindex='0']"),
      function (node) { return node.offsetParent !== null || node === document.activeElement; });
    if (!focusable.length) return;
    var first = focusable[0], last = focusable[focusable.length - 1];
    if (e.shiftKey && (document.activeElement === first || document.activeElement === popover.el)) { last.focus(); e.preventDefault(); }
    else if (!e.shiftKey && document.activeElement === last) { first.focus(); e.preventDefault(); }
  }

  /* ---- reading control and margin list ---- */

  function counts() {
    var n = {};
    MODES.forEach(function (m) {
      n[m.id] = annos.filter(function (a) { return shown(a.kind, a.weight, m.id); }).length;
    });
    return n;
  }

  function control(text) {
    var n = counts();
    var box = el("div", { "class": "anno-controls" });
    var set = el("fieldset", { "class": "anno-modes" });
    set.appendChild(el("legend", {}, "Highlight"));
    MODES.forEach(function (m) {
      var label = el("label", { "class": "anno-mode anno-mode-" + m.id });
      var input = el("input", { type: "radio", name: "anno-mode", value: m.id });
      input.addEventListener("change", function () { if (input.checked) setMode(m.id, true); });
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + m.label + " "));
      label.appendChild(el("span", { "class": "anno-count", "data-mode": m.id }, String(n[m.id])));
      set.appendChild(label);
    });
    box.appendChild(set);
    var legend = el("p", { "class": "anno-key" });
    legend.appendChild(el("span", { "class": "anno-sample anno-sample-claim" }, "claim"));
    legend.appendChild(document.createTextNode(" "));
    legend.appendChild(el("span", { "class": "anno-sample anno-sample-recommendation" }, "recommendation"));
    box.appendChild(legend);
    var toggle = el("button", { type: "button", "class": "anno-list-toggle", "aria-expanded": "false",
                                "aria-controls": "anno-list-sheet" });
    toggle.appendChild(document.createTextNode("Annotations on this page ("));
    toggle.appendChild(el("span", { "class": "anno-margin-count" }, "0"));
    toggle.appendChild(document.createTextNode(")"));
    toggle.addEventListener("click", function (e) { e.stopPropagation(); toggleSheet(); });
    box.appendChild(toggle);
    text.parentNode.insertBefore(box, text);
  }

  function marginList() {
    var nav = el("nav", { "class": "anno-margin", "aria-label": "Annotations on this page" });
    var title = el("p", { "class": "anno-margin-title" }, "Annotations on this page ");
    var count = el("span", { "class": "anno-margin-count" }, "0");
    title.appendChild(count);
    nav.appendChild(title);
    nav.appendChild(el("p", { "class": "anno-margin-empty", hidden: "" }, "None highlighted: choose what to highlight above the text."));
    var list = el("ol", { "class": "anno-margin-list" });
    annos.forEach(function (a) {
      var li = el("li", { "class": "anno-margin-item anno-" + a.kind, "data-anno": a.id, "data-kind": a.kind, "data-weight": a.weight });
      var link = el("a", { href: "#" + encodeURIComponent(a.id) });
      link.appendChild(el("span", { "class": "anno-margin-kind" }, a.kind === "recommendation" ? "Recommendation" : "Claim"));
      link.appendChild(document.createTextNode(" " + a.summary));
      link.addEventListener("click", function (e) {
        e.preventDefault();
        e.stopPropagation();  /* the document's click handler would close the card it opens */
        closeSheet(false);
        openPassage(a.id, true);
      });
      li.appendChild(link);
      list.appendChild(li);
    });
    nav.appendChild(list);
    return nav;
  }

  /* Scroll to a passage, mark it as the target, open its card with the keyboard in it. */
  function openPassage(id, focus) {
    var mark = document.getElementById(id);
    if (!mark) return;
    history.replaceState(history.state, "", "#" + encodeURIComponent(id));
    targetMarks(id);
    mark.scrollIntoView({ block: window.matchMedia(PHONE).matches ? "start" : "center" });
    show(mark, true, focus);
  }

  function sheet() { return document.getElementById("anno-list-sheet"); }

  function toggleSheet() {
    var s = sheet();
    if (!s) return;
    if (s.hidden) { hide(); s.hidden = false; s.querySelector(".anno-sheet-close").focus(); }
    else closeSheet(true);
    document.querySelectorAll(".anno-list-toggle").forEach(function (b) { b.setAttribute("aria-expanded", String(!s.hidden)); });
  }

  function closeSheet(returnFocus) {
    var s = sheet();
    if (!s || s.hidden) return;
    s.hidden = true;
    document.querySelectorAll(".anno-list-toggle").forEach(function (b) { b.setAttribute("aria-expanded", "false"); });
    if (returnFocus) { var t = document.querySelector(".anno-list-toggle"); if (t) t.focus(); }
  }

  /* The list goes in the sidebar beside the table of contents on wide screens, in a sheet behind the
     control's button otherwise; it moves when the window crosses the width. */
  function placeList(nav) {
    var side = document.querySelector(".md-sidebar--secondary:not([hidden]) .md-sidebar__inner");
    var s = sheet();
    if (window.matchMedia(WIDE).matches && side) {
      if (nav.parentNode !== side) side.appendChild(nav);
      if (s) s.hidden = true;
      document.documentElement.classList.add("anno-list-in-margin");
    } else {
      if (nav.parentNode !== s) s.appendChild(nav);
      document.documentElement.classList.remove("anno-list-in-margin");
    }
  }

  function buildSheet() {
    var old = sheet();
    if (old) old.remove();
    var s = el("div", { id: "anno-list-sheet", "class": "anno-list-sheet md-typeset", role: "dialog",
                        "aria-label": "Annotations on this page", hidden: "" });
    var close = el("button", { type: "button", "class": "anno-sheet-close anno-close", "aria-label": "Close the list", title: "Close (Esc)" }, "×");
    close.addEventListener("click", function (e) { e.stopPropagation(); closeSheet(true); });
    s.appendChild(close);
    document.body.appendChild(s);
  }

  function readAnnotations(text) {
    annos = [];
    text.querySelectorAll("mark.anno[id]").forEach(function (mark) {
      var title = document.getElementById("card-" + mark.id);
      annos.push({ id: mark.id, kind: mark.dataset.kind, weight: mark.dataset.weight || "", mark: mark,
                   summary: title ? title.textContent.trim() : mark.id });
    });
  }

  var media = [];
  function setUpReading() {
    media.forEach(function (m) { m.list.removeEventListener("change", m.fn); });
    media = [];
    var text = document.querySelector(".report-text");
    document.documentElement.classList.remove("anno-list-in-margin");
    if (!text || !text.querySelector("mark.anno")) { var s = sheet(); if (s) s.remove(); return; }
    readAnnotations(text);
    control(text);
    buildSheet();
    var nav = marginList();
    placeList(nav);
    var wide = window.matchMedia(WIDE), fn = function () { placeList(nav); hide(); };
    wide.addEventListener("change", fn);
    media.push({ list: wide, fn: fn });
    setMode(storedMode(), false);
  }

  /* ---- deep links, print ---- */

  function targetMarks(id) {
    document.querySelectorAll("mark.anno-target").forEach(function (m) { m.classList.remove("anno-target"); });
    document.querySelectorAll('mark.anno[data-anno="' + CSS.escape(id) + '"]').forEach(function (m) { m.classList.add("anno-target"); });
  }

  function markTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) { targetMarks(""); return; }
    /* Search results point at a card's title (#card-<id>): lead the reader on to the passage itself,
       after Material's own jump to the hash. */
    var fromCard = id.indexOf("card-") === 0 && document.getElementById(id.slice(5));
    if (fromCard) {
      id = id.slice(5);
      history.replaceState(history.state, "", "#" + encodeURIComponent(id));
    }
    var target = document.getElementById(id);
    if (!target || !target.matches("mark.anno")) return;
    targetMarks(id);
    target.scrollIntoView({ block: "center" });
    if (fromCard) setTimeout(function () { target.scrollIntoView({ block: "center" }); }, 100);
  }

  /* The site's public root: the canonical address of this page less the page's own path. The local root
     (Material's __md_scope) is where the site is being read from: a preview, a test server, the real site. */
  function roots() {
    var local = window.__md_scope ? window.__md_scope.href : new URL(".", location.href).href;
    var localPath = new URL(local).pathname;
    var canonical = document.querySelector('link[rel="canonical"]');
    var pub = local;
    if (canonical && location.pathname.indexOf(localPath) === 0) {
      var page = location.pathname.slice(localPath.length);
      var href = canonical.href.split("#")[0];
      if (href.slice(href.length - page.length) === page) pub = href.slice(0, href.length - page.length);
    }
    return { local: local, public: pub };
  }

  /* For print.css: links inside the site get data-internal (their address is not printed: Material makes
     every href absolute, so CSS alone cannot tell them from external ones); a "Read in context" link gets
     the passage's public address in data-print-href, printed after it. */
  function markLinks() {
    var r = roots();
    document.querySelectorAll(".md-content a[href]").forEach(function (a) {
      var url;
      try { url = new URL(a.getAttribute("href"), location.href); } catch (err) { return; }
      if (url.origin !== location.origin) { a.removeAttribute("data-internal"); return; }
      a.setAttribute("data-internal", "");
      if (a.classList.contains("deep-link")) {
        a.setAttribute("data-print-href", url.href.indexOf(r.local) === 0 ? r.public + url.href.slice(r.local.length) : url.href);
      }
    });
  }

  /* Printing shows everything: open every closed <details> (closed again afterwards), no popover. */
  var openedForPrint = [];
  function beforePrint() {
    hide();
    markLinks();
    document.querySelectorAll("details:not([open])").forEach(function (d) { d.open = true; openedForPrint.push(d); });
  }
  function afterPrint() {
    openedForPrint.forEach(function (d) { d.open = false; });
    openedForPrint = [];
  }

  function innermost(node) {
    return node.closest ? node.closest("mark.anno") : null;
  }

  function init() {
    markLinks();
    document.querySelectorAll(".print-button").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    setUpReading();
    document.querySelectorAll("mark.anno").forEach(function (mark) {
      mark.addEventListener("mouseenter", function (e) {
        e.stopPropagation();
        if ((popover && popover.pinned) || window.matchMedia(PHONE).matches || Date.now() < quietUntil) return;  /* no hover previews on a phone */
        clearTimeout(hideTimer);
        show(innermost(mark), false, false);
      });
      mark.addEventListener("mouseleave", function () { if (popover && !popover.pinned) scheduleHide(); });
      mark.addEventListener("click", function (e) {
        var m = innermost(e.target);
        if (!m || !idsAt(m).length) return;
        e.stopPropagation();
        if (popover && !popover.pinned) hide();
        show(m, true, false);
      });
      mark.addEventListener("keydown", function (e) {
        if ((e.key === "Enter" || e.key === " ") && e.target === mark) {
          e.preventDefault();
          show(mark, true, true);
        }
      });
    });
    markTarget();
  }

  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    if (popover) { hide(true); return; }
    closeSheet(true);
  });
  document.addEventListener("click", function (e) {
    if (popover && !popover.el.contains(e.target)) hide();
    var s = sheet();
    if (s && !s.hidden && !s.contains(e.target)) closeSheet(false);
  });
  window.addEventListener("resize", function () { if (popover) place(popover.el, popover.at); });
  window.addEventListener("hashchange", markTarget);
  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);
  document.documentElement.dataset.annoMode = storedMode();
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(function () { hide(); init(); });
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
