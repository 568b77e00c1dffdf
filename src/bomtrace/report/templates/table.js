/* bomtrace report tables: sort, filter and search in the page itself (no library, no network).
   Without JavaScript every table is plain and complete, and evidence still opens in place. */
(function () {
  "use strict";
  var collate = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" }).compare;

  function valueOf(cell) {
    if (!cell) return "";
    var given = cell.getAttribute("data-v");
    return (given !== null ? given : cell.textContent).trim();
  }

  function setUp(tools) {
    var table = document.getElementById(tools.getAttribute("data-table"));
    if (!table || !table.tHead || !table.tBodies.length) return;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var search = tools.querySelector("input[type=search]");
    var shown = tools.querySelector("output");
    var holder = tools.querySelector(".filters");
    var filters = [];
    var texts = null;
    var order = { col: -1, dir: 1 };
    var pending = 0;

    function apply() {
      var query = search ? search.value.trim().toLowerCase() : "";
      if (query && texts === null) {
        texts = rows.map(function (tr) { return tr.textContent.toLowerCase(); });
      }
      var count = 0;
      rows.forEach(function (tr, i) {
        var keep = !query || texts[i].indexOf(query) !== -1;
        for (var f = 0; keep && f < filters.length; f++) {
          var wanted = filters[f].select.value;
          if (wanted && "=" + valueOf(tr.cells[filters[f].col]) !== wanted) keep = false;
        }
        tr.hidden = !keep;
        if (keep) count++;
      });
      if (shown) shown.textContent = count + " of " + rows.length + " rows shown";
    }

    function sortBy(col, th) {
      var numeric = th.getAttribute("data-type") === "num";
      var dir = order.col === col ? -order.dir : 1;
      order = { col: col, dir: dir };
      var keyed = rows.map(function (tr, i) {
        var text = valueOf(tr.cells[col]);
        var key = numeric ? parseFloat(text.replace(",", ".")) : text;
        return { tr: tr, key: numeric && isNaN(key) ? null : key, blank: text === "", i: i };
      });
      keyed.sort(function (a, b) {
        if (a.blank || a.key === null) return b.blank || b.key === null ? a.i - b.i : 1;
        if (b.blank || b.key === null) return -1;
        var c = numeric ? a.key - b.key : collate(a.key, b.key);
        return c !== 0 ? c * dir : a.i - b.i;
      });
      var fragment = document.createDocumentFragment();
      keyed.forEach(function (k) { fragment.appendChild(k.tr); });
      body.appendChild(fragment);
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    }

    heads.forEach(function (th, col) {
      var name = th.textContent.trim();
      if (th.hasAttribute("data-filter") && holder) {
        var values = {};
        rows.forEach(function (tr) { values[valueOf(tr.cells[col])] = true; });
        var select = document.createElement("select");
        select.setAttribute("aria-label", "Filter by " + name);
        select.setAttribute("data-col", name);
        select.add(new Option(name + ": all", ""));
        Object.keys(values).sort(collate).forEach(function (v) {
          select.add(new Option(v === "" ? "(blank)" : v, "=" + v));
        });
        select.addEventListener("change", apply);
        holder.appendChild(select);
        filters.push({ col: col, select: select });
      }
      if (!th.hasAttribute("data-nosort")) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "sort";
        button.title = "Sort by " + name;
        while (th.firstChild) button.appendChild(th.firstChild);
        th.appendChild(button);
        button.addEventListener("click", function () { sortBy(col, th); });
      }
    });
    if (search) {
      search.addEventListener("input", function () {
        window.clearTimeout(pending);
        pending = window.setTimeout(apply, rows.length > 2000 ? 150 : 0);
      });
    }
    tools.hidden = false;
    apply();
  }

  Array.prototype.forEach.call(document.querySelectorAll(".table-tools[data-table]"), setUp);

  // "Save as PDF" prints every piece of evidence, then the page goes back as it was.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), function (d) {
      d.open = true;
      return true;
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
