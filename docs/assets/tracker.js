/* Recommendation tracker: status chips that filter (several at once), free text, drop-down filters (kept in
   the address), sorting, an empty state and a caption that says what is shown, and downloads of the visible
   rows named after the filter. Without JavaScript the chips are plain totals, the filter form stays hidden,
   the downloads are the full files and the full table reads as it is. No contributor text is parsed as
   HTML here: nodes are moved or built, and text is set with textContent. */
(function () {
  "use strict";

  var slice = function (list) { return Array.prototype.slice.call(list); };

  // As macros/render/exports.py: a cell starting = + - @, tab, CR or LF, after any spaces, gets a leading '.
  function safeCell(value) { return /^[ \u00a0]*[=+\-@\t\r\n]/.test(value) ? "'" + value : value; }
  function csvField(value) { return '"' + safeCell(String(value)).replace(/"/g, '""') + '"'; }

  function toCsv(records, columns) {
    var lines = [columns.join(",")];
    records.forEach(function (r) { lines.push(columns.map(function (c) { return csvField(r[c]); }).join(",")); });
    // A byte-order mark first, as data/tracker.csv: Excel reads the file as UTF-8 only then.
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }

  function save(name, type, text) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type: type }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }

  /* Text as compared by the search box: no accents, no case. */
  function fold(text) { return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function slug(text) { return fold(text).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, ""); }

  function listed(row, key, value) { return (row.dataset[key] || "").split(" ").indexOf(value) >= 0; }
  var MATCH = {
    force: function (row, v) { return row.dataset.force === v; },
    report: function (row, v) { return row.dataset.report === v; },
    actor: function (row, v) { return listed(row, "actors", v); },
    topic: function (row, v) { return listed(row, "topics", v); }
  };
  var NAMES = { force: "force", report: "report", actor: "addressee", topic: "topic" };

  /* A total becomes a toggle button; its badge and count move into it as they are. */
  function chipButton(span) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = span.className;
    button.dataset.status = span.dataset.status;
    button.setAttribute("aria-pressed", "false");
    while (span.firstChild) button.appendChild(span.firstChild);
    span.parentNode.replaceChild(button, span);
    return button;
  }

  function init() {
    var form = document.querySelector(".tracker-filters");
    var table = document.querySelector(".tracker-table");
    if (!form || !table) return;
    var tbody = table.tBodies[0];
    var empty = table.querySelector(".tracker-empty");
    var caption = table.querySelector("caption");
    var fullCaption = caption.textContent;
    var rows = slice(tbody.rows);
    var texts = new Map(rows.map(function (row) {
      var cells = [".col-summary > a", ".col-report a", ".col-actors"].map(function (s) {
        var cell = row.querySelector(s);
        return cell ? cell.textContent : "";
      });
      return [row, fold(cells.join(" "))];
    }));
    var selects = slice(form.querySelectorAll("select[data-filter]"));
    var search = form.querySelector("input[data-filter=text]");
    var chips = slice(document.querySelectorAll(".status-totals .status-chip")).map(chipButton);
    var downloads = slice(document.querySelectorAll(".tracker-downloads [data-download]"));

    var params = new URLSearchParams(location.search);
    var wanted = params.getAll("status").join(",").split(",");
    chips.forEach(function (c) { c.setAttribute("aria-pressed", String(wanted.indexOf(c.dataset.status) >= 0)); });
    selects.forEach(function (s) {
      var value = params.get(s.dataset.filter);
      if (value && s.querySelector('option[value="' + CSS.escape(value) + '"]')) s.value = value;
    });
    search.value = params.get("text") || "";  // not "q": Material opens its own search on ?q=

    function pressed() { return chips.filter(function (c) { return c.getAttribute("aria-pressed") === "true"; }); }
    function words() { return fold(search.value).split(/\s+/).filter(Boolean); }
    function others(row) {
      var text = texts.get(row);
      return selects.every(function (s) { return !s.value || MATCH[s.dataset.filter](row, s.value); }) &&
        words().every(function (w) { return text.indexOf(w) >= 0; });
    }
    function visible() { return rows.filter(function (r) { return !r.hidden; }); }

    /* What is shown, in words ("status in progress or implemented; topic Semiconductors"), and as a file name. */
    function described() {
      var on = pressed(), parts = [], names = [];
      if (on.length) {
        parts.push("status " + on.map(function (c) { return c.querySelector(".status-badge").textContent.trim().toLowerCase(); }).join(" or "));
        names.push.apply(names, on.map(function (c) { return c.dataset.status; }));
      }
      selects.forEach(function (s) {
        if (!s.value) return;
        parts.push(NAMES[s.dataset.filter] + " " + s.options[s.selectedIndex].text);
        names.push(s.value);
      });
      if (search.value.trim()) {
        parts.push("matching \u201c" + search.value.trim() + "\u201d");
        names.push(slug(search.value));
      }
      return { text: parts.join("; "), name: names.join("-").slice(0, 80).replace(/-+$/, "") };
    }

    function apply() {
      var on = pressed().map(function (c) { return c.dataset.status; });
      var counts = {};
      rows.forEach(function (row) {
        var fits = others(row);
        if (fits) counts[row.dataset.status] = (counts[row.dataset.status] || 0) + 1;
        row.hidden = !(fits && (!on.length || on.indexOf(row.dataset.status) >= 0));
      });
      /* Each chip counts the rows the other filters leave; a status with none cannot be chosen (unless it is). */
      chips.forEach(function (c) {
        var n = counts[c.dataset.status] || 0;
        c.querySelector(".total").textContent = String(n);
        c.disabled = n === 0 && c.getAttribute("aria-pressed") !== "true";
        c.classList.toggle("is-empty", n === 0);
      });
      var shown = visible().length, what = described();
      caption.textContent = what.text ? shown + " of " + rows.length + " recommendations: " + what.text : fullCaption;
      empty.hidden = shown > 0;
      downloads.forEach(function (a) { a.download = "tracker" + (what.name ? "-" + what.name : "") + "." + a.dataset.download; });
      var query = new URLSearchParams();
      if (on.length) query.set("status", on.join(","));
      selects.forEach(function (s) { if (s.value) query.set(s.dataset.filter, s.value); });
      if (search.value.trim()) query.set("text", search.value.trim());
      var q = query.toString();
      history.replaceState(history.state, "", location.pathname + (q ? "?" + q : "") + location.hash);
    }

    function reset() {
      chips.forEach(function (c) { c.setAttribute("aria-pressed", "false"); });
      selects.forEach(function (s) { s.value = ""; });
      search.value = "";
      apply();
    }

    chips.forEach(function (c) {
      c.addEventListener("click", function () {
        c.setAttribute("aria-pressed", String(c.getAttribute("aria-pressed") !== "true"));
        apply();
      });
    });
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    search.addEventListener("input", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    document.querySelectorAll("[data-reset]").forEach(function (b) { b.addEventListener("click", reset); });

    /* With a filter on, a download holds the published records of the visible rows, in their order;
       without one, the link fetches the full published file as it is. */
    downloads.forEach(function (a) {
      a.addEventListener("click", function (e) {
        if (!described().name) return;
        e.preventDefault();
        var order = visible().map(function (r) { return r.dataset.id; });
        var source = document.querySelector('.tracker-downloads [data-download="json"]').href;
        fetch(source).then(function (r) { return r.json(); }).then(function (all) {
          var byId = new Map(all.map(function (rec) { return [rec.id, rec]; }));
          var records = order.map(function (id) { return byId.get(id); }).filter(Boolean);
          if (a.dataset.download === "csv") save(a.download, "text/csv;charset=utf-8", toCsv(records, Object.keys(all[0] || {})));
          else save(a.download, "application/json", JSON.stringify(records, null, 1));
        });
      });
    });

    table.querySelectorAll("th[data-key]").forEach(function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("th[data-key]").forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var keyed = rows.map(function (row, i) {
          var cell = row.cells[column];
          return [cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim().toLowerCase(), i, row];
        });
        keyed.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]; });
        if (!ascending) keyed.reverse();
        rows = keyed.map(function (k) { return k[2]; });
        rows.forEach(function (row) { tbody.appendChild(row); });
      });
    });

    table.classList.add("sortable");
    form.hidden = false;
    apply();
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
