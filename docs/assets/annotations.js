/* Annotated report pages: a card on hover, focus or click of a highlighted passage; deep-link
   highlighting; print buttons; print preparation (every <details> opened, link targets for print.css).
   Re-initialised on every page of Material's instant navigation. */
(function () {
  "use strict";

  var popover = null;
  var hideTimer = null;

  function cardFor(id) {
    var title = document.getElementById("card-" + id);
    return title ? title.closest("article.anno-card") : null;
  }

  function idsAt(mark) {
    var ids = [];
    for (var el = mark; el; el = el.parentElement) {
      if (el.matches && el.matches("mark.anno") && ids.indexOf(el.dataset.anno) < 0) ids.push(el.dataset.anno);
    }
    return ids;
  }

  function hide() {
    if (popover) { popover.remove(); popover = null; }
  }

  function show(mark) {
    clearTimeout(hideTimer);
    hide();
    var ids = idsAt(mark);
    popover = document.createElement("div");
    popover.className = "anno-popover md-typeset";
    popover.setAttribute("role", "dialog");
    popover.setAttribute("aria-label", "Annotation");
    ids.forEach(function (id) {
      var card = cardFor(id);
      if (!card) return;
      var copy = card.cloneNode(true);
      copy.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
      popover.appendChild(copy);
    });
    popover.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    popover.addEventListener("mouseleave", scheduleHide);
    document.body.appendChild(popover);
    var box = mark.getBoundingClientRect();
    var left = Math.max(8, Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - popover.offsetWidth - 8));
    popover.style.left = left + "px";
    popover.style.top = (box.bottom + window.scrollY + 6) + "px";
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 300);
  }

  function markTarget() {
    document.querySelectorAll("mark.anno-target").forEach(function (m) { m.classList.remove("anno-target"); });
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    /* Search results point at a card's title (#card-<id>): lead the reader on to the passage itself,
       after Material's own jump to the hash. */
    var fromCard = id.indexOf("card-") === 0 && document.getElementById(id.slice(5));
    if (fromCard) {
      id = id.slice(5);
      history.replaceState(history.state, "", "#" + encodeURIComponent(id));
    }
    var target = document.getElementById(id);
    if (!target || !target.matches("mark.anno")) return;
    document.querySelectorAll('mark.anno[data-anno="' + CSS.escape(id) + '"]').forEach(function (m) { m.classList.add("anno-target"); });
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

  function init() {
    markLinks();
    document.querySelectorAll(".print-button").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll("mark.anno").forEach(function (mark) {
      mark.addEventListener("mouseenter", function (e) { e.stopPropagation(); show(innermost(mark)); });
      mark.addEventListener("mouseleave", scheduleHide);
      mark.addEventListener("focus", function () { show(mark); });
      mark.addEventListener("click", function (e) { e.stopPropagation(); show(innermost(e.target)); });
    });
    markTarget();
  }

  function innermost(el) {
    return el.closest ? el.closest("mark.anno") : el;
  }

  document.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
  document.addEventListener("click", function (e) { if (popover && !popover.contains(e.target)) hide(); });
  window.addEventListener("hashchange", markTarget);
  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(function () { hide(); init(); });
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
