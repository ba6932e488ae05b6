/* The header's search, on Pagefind's static index (pagefind/, written after each build by macros/glue/search.py).
   Nothing of the index is downloaded until the reader opens the search (the magnifier, a focus of the box,
   or "/", "s", "f"); a search then fetches Pagefind's code and only the index chunks and page fragments it
   needs. The keyboard works as in Material's own search: arrows move through the results, Enter follows one,
   Escape closes. Results are DOM nodes: Pagefind's excerpts are HTML-escaped text with <mark> tags, and only
   those tags become elements; every other character is text. A result's address carries the words searched
   (?h=, as Material's search.highlight did), and the page it opens marks them (mark[data-md-highlight]). */
(function () {
  "use strict";

  var PAGE_SIZE = 5;    // pages shown at first, and added by "More results": each needs its fragment (up to
                        // 20 KB for a long report), so that the first search stays far below 300 KB
  var SECTIONS = 3;     // sections (sub-results) shown under a page, the best-matching first
  var toggle = document.getElementById("__search");
  var dialog = document.querySelector("[data-search]");
  if (!toggle || !dialog) return;
  var form = dialog.querySelector("[data-search-form]");
  var input = dialog.querySelector("[data-search-query]");
  var meta = dialog.querySelector("[data-search-meta]");
  var list = dialog.querySelector("[data-search-list]");
  var words = dialog.querySelector("#search-results").dataset;
  var placeholder = meta.textContent;
  var root = window.__md_scope || new URL(".", location.href);  // the site's root, as Material resolved it
  var pagefind = null;  // the promise of Pagefind's module, made on first use
  var latest = 0;       // the number of the newest search, so that a slow answer never replaces a newer one
  var opener = null;    // what had the focus before the search opened, given back on Escape
  var shownTerms = "";  // the words of the search whose results are shown

  /* Pagefind's module, with the index's other parts merged in: a large site's index is built in parts
     (pagefind/parts.json lists their folders, macros/searchindex.py), which share the first part's code. */
  function load() {
    if (!pagefind) {
      var base = new URL("pagefind/", root);
      pagefind = Promise.all([
        import(new URL("pagefind.js", base).href),
        /* Never from the cache, as Pagefind fetches its entry file: after a deploy, a stale list would
           name parts that are gone, or miss new ones. */
        fetch(new URL("parts.json?ts=" + Date.now(), base)).then(function (r) {
          if (!r.ok) throw new Error("search: pagefind/parts.json " + r.status);
          return r.json();
        })
      ]).then(function (loaded) {
        var pf = loaded[0];
        return pf.options({ baseUrl: new URL(root).pathname }).then(function () {
          pf.init();
          return Promise.all(loaded[1].map(function (part) { return pf.mergeIndex(new URL(part, base).href); }));
        }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'" };

  function decode(text) {
    return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, function (whole, name) {
      if (name[0] === "#") {
        var code = /x/i.test(name[1]) ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10FFFF ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name] || whole;
    });
  }

  /* An excerpt as a paragraph: the words Pagefind matched in <mark>, the rest as text. */
  function excerpt(html) {
    var p = document.createElement("p");
    var inMark = false;
    html.split(/(<\/?mark>)/).forEach(function (part) {
      if (part === "<mark>" || part === "</mark>") { inMark = part === "<mark>"; return; }
      if (!part) return;
      var text = document.createTextNode(decode(part));
      if (inMark) {
        var mark = document.createElement("mark");
        mark.appendChild(text);
        p.appendChild(mark);
      } else {
        p.appendChild(text);
      }
    });
    return p;
  }

  /* A result's address with the words searched in ?h= (before its #anchor), for the page to mark them. */
  function withTerms(href, terms) {
    var url = new URL(href, location.href);
    url.searchParams.set("h", terms);
    return url.href;
  }

  function link(href, title, level, text, isPage) {
    var a = document.createElement("a");
    a.href = withTerms(href, shownTerms);
    a.className = "md-search-result__link";
    a.tabIndex = -1;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset" + (isPage ? " md-search-result__article--document" : "");
    if (isPage) {
      var icon = document.createElement("div");
      icon.className = "md-search-result__icon md-icon";
      article.appendChild(icon);
    }
    var heading = document.createElement(level);
    heading.textContent = title;
    article.appendChild(heading);
    if (text) article.appendChild(excerpt(text));
    a.appendChild(article);
    return a;
  }

  /* One page's result: the page, then its best-matching sections (a card's title leads on to its passage). */
  function item(page) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var title = (page.meta && page.meta.title) || page.url;
    var sections = (page.sub_results || []).filter(function (s) { return s.url !== page.url && s.anchor; });
    sections.sort(function (a, b) { return b.locations.length - a.locations.length; });
    var top = (page.sub_results || []).filter(function (s) { return s.url === page.url; })[0];
    li.appendChild(link(page.url, title, "h1", (top || page).excerpt, true));
    sections.slice(0, SECTIONS).forEach(function (s) { li.appendChild(link(s.url, s.title, "h2", s.excerpt, false)); });
    return li;
  }

  function count(n) {
    return n === 0 ? words.none : n === 1 ? words.one : words.other.replace("#", n);
  }

  function plain(text) {
    return text.toLowerCase().replace(/\s+/g, " ").trim();
  }

  function show(results, from, mine) {
    return Promise.all(results.slice(from, from + PAGE_SIZE).map(function (r) { return r.data(); })).then(function (pages) {
      if (mine !== latest) return;
      var more = list.querySelector(".search-more");
      if (more) more.remove();
      pages.forEach(function (page) { list.appendChild(item(page)); });
      if (results.length > from + PAGE_SIZE) {
        var li = document.createElement("li");
        li.className = "md-search-result__item search-more";
        var button = document.createElement("button");
        button.type = "button";
        button.tabIndex = -1;
        button.textContent = words.more;
        button.addEventListener("click", function () {
          var next = li.previousElementSibling;
          show(results, from + PAGE_SIZE, mine).then(function () { focusAt(links().indexOf(next.lastElementChild) + 1); });
        });
        li.appendChild(button);
        list.appendChild(li);
      }
    });
  }

  function search() {
    var query = input.value.trim();
    var mine = ++latest;
    if (!query) {
      list.textContent = "";
      meta.textContent = placeholder;
      return;
    }
    /* Pagefind reads "2+2" or "(economic" as words of their own that match nothing the index holds: signs
       other than a word's own (hyphen, apostrophe, full stop) are spaces to it, as they are to a reader. */
    var terms = query.replace(/[^\p{L}\p{N}\s'’.-]+/gu, " ");
    load().then(function (pf) {
      return pf.debouncedSearch(terms, {}, 120).then(function (found) {
        if (found === null || mine !== latest) return null;  // a newer search is under way
        /* Pagefind ranks by words, not by names: the page of a topic or actor named exactly so (a filter
           that overrides/main.html gives those pages) comes first, then the rest in Pagefind's order. The
           same words, filtered: a search by filter alone would download every chunk of the index. */
        return pf.search(terms, { filters: { name: plain(query) } }).then(function (named) {
          var first = named.results.map(function (r) { return r.id; });
          return named.results.concat(found.results.filter(function (r) { return first.indexOf(r.id) === -1; }));
        });
      });
    }).then(function (results) {
      if (results === null || mine !== latest) return;
      list.textContent = "";
      shownTerms = terms.trim().replace(/\s+/g, " ");
      meta.textContent = count(results.length);
      return show(results, 0, mine);
    });
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a, button"));
  }

  function focusAt(i) {
    var all = links();
    if (i < 0 || !all.length) { input.focus(); return; }
    all[Math.min(i, all.length - 1)].focus();
  }

  function open() {
    opener = document.activeElement;
    toggle.checked = true;
    input.focus();
    input.select();
    load();
  }

  function close(restore) {
    toggle.checked = false;
    if (dialog.contains(document.activeElement)) document.activeElement.blur();
    if (restore && opener && opener !== document.body && document.contains(opener)) opener.focus();
    opener = null;
  }

  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (!toggle.checked) {
      if ((ev.key === "/" || ev.key === "s" || ev.key === "f") && !typing(document.activeElement)) {
        ev.preventDefault();
        open();
      }
      return;
    }
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (ev.key === "Escape") {
      ev.preventDefault();
      close(true);
    } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (ev.key === "ArrowDown") focusAt(at + 1 < all.length ? at + 1 : at);
      else focusAt(at === -1 ? -1 : at - 1);
    } else if (ev.key === "Enter" && document.activeElement === input && all.length) {
      ev.preventDefault();
      all[0].click();
    } else if (at !== -1 && ev.key.length === 1) {
      input.focus();  // typing on a result goes on in the box, as in Material
    }
  });

  toggle.addEventListener("change", function () {
    if (toggle.checked) open(); else close(false);
  });
  input.addEventListener("focus", function () {
    if (!toggle.checked) { opener = null; toggle.checked = true; }
    load();
  });
  input.addEventListener("input", search);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  form.addEventListener("reset", function () { setTimeout(function () { search(); input.focus(); }); });
  list.addEventListener("click", function (ev) {
    if (ev.target.closest && ev.target.closest("a")) close(false);  // the page (or, instantly, its new content) shows
  });

  /* On a page opened from a result, mark the words searched in its content (each as the start of a word, as
     Pagefind matches them), splitting text nodes: nothing is parsed as HTML. */
  function markTerms() {
    var terms = (new URLSearchParams(location.search).get("h") || "").toLowerCase().split(/\s+/)
      .filter(function (w) { return w.length > 1; })
      .map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
    var content = document.querySelector(".md-content article");
    if (!terms.length || !content) return;
    var pattern = new RegExp("(?<![\\p{L}\\p{N}])(" + terms.join("|") + ")", "giu");
    var walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement.closest("script, style, mark[data-md-highlight], .headerlink")
          ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var parts = node.data.split(pattern);
      if (parts.length < 2) return;
      var fragment = document.createDocumentFragment();
      parts.forEach(function (part, i) {
        if (!part) return;
        if (i % 2) {
          var mark = document.createElement("mark");
          mark.setAttribute("data-md-highlight", "");
          mark.textContent = part;
          fragment.appendChild(mark);
        } else {
          fragment.appendChild(document.createTextNode(part));
        }
      });
      node.parentNode.replaceChild(fragment, node);
    });
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(markTerms);
  else markTerms();
})();
