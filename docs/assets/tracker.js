/* Recommendation tracker: filters (kept in the address), sorting, and download of the visible rows.
   Without JavaScript the filter form stays hidden and the full table reads as it is. */
(function () {
  "use strict";

  var COLUMNS = ["id", "summary", "report", "date", "addressees", "topics", "status", "as_of", "url"];

  function cellText(row, cls) { return row.querySelector("." + cls).textContent.trim(); }
  function names(row, cls) {
    return Array.prototype.map.call(row.querySelectorAll("." + cls + " a"), function (a) { return a.textContent.trim(); }).join("; ");
  }

  function record(row) {
    var link = row.querySelector(".col-summary a");
    return {
      id: row.dataset.id, summary: cellText(row, "col-summary"), report: cellText(row, "col-report"),
      date: row.querySelector(".col-date").dataset.sort, addressees: names(row, "col-actors"), topics: names(row, "col-topics"),
      status: cellText(row, "col-status"), as_of: row.querySelector(".col-asof").dataset.sort || "", url: new URL(link.getAttribute("href"), location.href).href
    };
  }

  // As macros/render/exports.py: a cell starting = + - @, tab, CR or LF, after any spaces, gets a leading '.
  function safeCell(value) { return /^[ \u00a0]*[=+\-@\t\r\n]/.test(value) ? "'" + value : value; }
  function csvField(value) { return '"' + safeCell(String(value)).replace(/"/g, '""') + '"'; }

  function toCsv(records) {
    var lines = [COLUMNS.join(",")];
    records.forEach(function (r) { lines.push(COLUMNS.map(function (c) { return csvField(r[c]); }).join(",")); });
    // A byte-order mark first, as data/tracker.csv: Excel reads the file as UTF-8 only then.
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }

  function download(name, type, text) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type: type }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }

  function matches(row, filter, value) {
    if (!value) return true;
    if (filter === "status") return row.dataset.status === value;
    if (filter === "report") return row.dataset.report === value;
    if (filter === "actor") return row.dataset.actors.split(" ").indexOf(value) >= 0;
    if (filter === "topic") return row.dataset.topics.split(" ").indexOf(value) >= 0;
    return true;
  }

  function init() {
    var form = document.querySelector(".tracker-filters");
    var table = document.querySelector(".tracker-table");
    if (!form || !table) return;
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var selects = form.querySelectorAll("select[data-filter]");
    var params = new URLSearchParams(location.search);
    selects.forEach(function (s) { if (params.get(s.dataset.filter)) s.value = params.get(s.dataset.filter); });

    function visible() { return rows.filter(function (r) { return !r.hidden; }); }

    /* The filters in words, after the count: read out with it, and printed (the form itself is not). */
    var count = form.querySelector(".tracker-count");
    var summary = count.querySelector(".filter-summary");
    if (!summary) {
      summary = document.createElement("span");
      summary.className = "filter-summary";
      count.appendChild(summary);
    }
    function describe() {
      var parts = Array.prototype.filter.call(selects, function (s) { return s.value; }).map(function (s) {
        return s.dataset.filter + ": " + s.options[s.selectedIndex].text;
      });
      return parts.length ? " Filtered by " + parts.join("; ") + "." : "";
    }

    function apply() {
      var query = new URLSearchParams();
      rows.forEach(function (row) {
        row.hidden = !Array.prototype.every.call(selects, function (s) { return matches(row, s.dataset.filter, s.value); });
      });
      selects.forEach(function (s) { if (s.value) query.set(s.dataset.filter, s.value); });
      form.querySelector(".shown-count").textContent = String(visible().length);
      summary.textContent = describe();
      var search = query.toString();
      history.replaceState(history.state, "", location.pathname + (search ? "?" + search : "") + location.hash);
    }

    selects.forEach(function (s) { s.addEventListener("change", apply); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.querySelector("[data-reset]").addEventListener("click", function () {
      selects.forEach(function (s) { s.value = ""; });
      apply();
    });
    form.querySelectorAll("[data-download]").forEach(function (button) {
      button.addEventListener("click", function () {
        var records = visible().map(record);
        if (button.dataset.download === "csv") download("tracker.csv", "text/csv;charset=utf-8", toCsv(records));
        else download("tracker.json", "application/json", JSON.stringify(records, null, 1));
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
        var keyed = rows.map(function (row) {
          var cell = row.cells[column];
          return [cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim().toLowerCase(), row];
        });
        keyed.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; });
        if (!ascending) keyed.reverse();
        keyed.forEach(function (pair) { tbody.appendChild(pair[1]); });
        rows = keyed.map(function (pair) { return pair[1]; });
      });
    });

    form.hidden = false;
    apply();
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
