// The product's own behaviour in the browser. No script is written inline in a page (the
// Content-Security-Policy forbids it): each part below looks for the elements it serves.
"use strict";

// Forms that ask before they are sent: <form data-confirm="Câu hỏi?">.
document.addEventListener("submit", function (ev) {
  var question = ev.target.dataset && ev.target.dataset.confirm;
  if (question && !window.confirm(question)) ev.preventDefault();
});

// Formatting toolbar of article and story texts (communication/_toolbar.html).
(function () {
  var area = document.getElementById("id_body") || document.getElementById("id_intro");
  var bar = document.getElementById("format-bar");
  if (!area || !bar) return;
  area.parentNode.insertBefore(bar, area);
  bar.hidden = false;
  function put(before, middle, after) {
    var s = area.selectionStart, e = area.selectionEnd, v = area.value;
    var text = middle(v.slice(s, e));
    area.value = v.slice(0, s) + before + text + after + v.slice(e);
    area.focus();
    area.setSelectionRange(s + before.length, s + before.length + text.length);
  }
  bar.addEventListener("click", function (ev) {
    var b = ev.target.closest("button");
    if (!b) return;
    if (b.dataset.wrap) {
      put("<" + b.dataset.wrap + ">", function (t) { return t; }, "</" + b.dataset.wrap + ">");
    } else if (b.dataset.list) {
      put("<ul>\n", function (t) {
        return (t || "…").split("\n").map(function (l) { return "<li>" + l + "</li>"; }).join("\n");
      }, "\n</ul>");
    } else if (b.dataset.link) {
      var url = window.prompt("Địa chỉ liên kết (bắt đầu bằng https://)", "https://");
      if (!url || !/^https?:\/\//i.test(url)) return;
      put('<a href="' + url.replace(/"/g, "%22") + '">', function (t) { return t || url; }, "</a>");
    }
  });
})();

// Campaign page: show only the parameters of the chosen way of judging a criterion.
(function () {
  document.querySelectorAll("[data-criterion-form]").forEach(function (form) {
    var kind = form.querySelector("select[name=kind]");
    function sync() {
      form.querySelectorAll("[data-kind]").forEach(function (el) { el.hidden = el.dataset.kind !== kind.value; });
    }
    kind.addEventListener("change", sync);
    sync();
  });
})();

// Phone layout: each cell of a table learns its column's header (data-label), so that below
// 600 px the rows stack into cards ("Trạng thái: Đang thi đua") instead of crushed columns.
// Tables marked .sr-only or .no-stack are left as they are; htmx swaps are labelled too.
(function () {
  function headers(table) {
    var row = table.tHead && table.tHead.rows.length
      ? table.tHead.rows[table.tHead.rows.length - 1]
      : null;
    if (!row) {
      var first = table.rows[0];
      if (!first || first.querySelector("td")) return null;
      row = first;
    }
    var labels = [];
    Array.prototype.forEach.call(row.cells, function (th) {
      for (var i = 0; i < (th.colSpan || 1); i++) labels.push(th.textContent.trim());
    });
    return { row: row, labels: labels };
  }
  function label(root) {
    (root || document).querySelectorAll("main table").forEach(function (table) {
      if (table.classList.contains("sr-only") || table.classList.contains("no-stack")) return;
      var found = headers(table);
      if (!found) return;
      Array.prototype.forEach.call(table.rows, function (tr) {
        if (tr === found.row || (tr.parentNode === table.tHead)) return;
        var col = 0;
        Array.prototype.forEach.call(tr.cells, function (cell) {
          var text = found.labels[col];
          if (text && (cell.colSpan || 1) < found.labels.length && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", text);
          }
          col += cell.colSpan || 1;
        });
      });
      table.classList.add("stack");
    });
  }
  label(document);
  document.addEventListener("htmx:afterSettle", function (ev) { label(ev.target.closest("main") ? ev.target : document); });
})();
