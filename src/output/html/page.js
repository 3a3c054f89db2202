(function () {
  "use strict";
  // The page is complete without this script: it adds sorting, filters,
  // keyboard moves and the filter state in the URL. Everything it reads
  // is in the rows' classes and cells; it never writes markup from text.
  var d = document, each = Array.prototype.forEach, slice = Array.prototype.slice;
  d.documentElement.className += " js";

  function num(s) {
    var v = parseFloat(s);
    return isNaN(v) ? null : v;
  }

  // Rows with no value go last, in either direction; ties keep order.
  function byValue(desc) {
    return function (a, b) {
      if (a.v === null || b.v === null) {
        return a.v === b.v ? a.n - b.n : a.v === null ? 1 : -1;
      }
      if (typeof a.v === "string") {
        return (desc ? b.v.localeCompare(a.v) : a.v.localeCompare(b.v)) || a.n - b.n;
      }
      return (desc ? b.v - a.v : a.v - b.v) || a.n - b.n;
    };
  }

  function reorder(body, list) {
    var f = d.createDocumentFragment();
    list.forEach(function (x) { f.appendChild(x.r); });
    body.appendChild(f);
  }

  // Plain tables (batch index, summaries): header buttons sort by column.
  each.call(d.querySelectorAll("table.sortable"), function (t) {
    var body = t.tBodies[0], heads = t.tHead.rows[0].cells, rows = slice.call(body.rows);
    each.call(heads, function (th, i) {
      var b = d.createElement("button");
      b.type = "button";
      b.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(b);
      b.addEventListener("click", function () {
        var desc = th.getAttribute("aria-sort") === "ascending";
        var numeric = rows.every(function (r) {
          var s = r.cells[i] ? r.cells[i].textContent : "";
          return s === "" || s === "–" || !isNaN(Number(s));
        });
        var list = rows.map(function (r, n) {
          var s = r.cells[i] ? r.cells[i].textContent : "";
          return { r: r, n: n, v: numeric ? num(s) : s === "" ? null : s };
        });
        list.sort(byValue(desc));
        reorder(body, list);
        each.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", desc ? "descending" : "ascending");
      });
    });
  });

  var T = d.getElementById("rows");
  if (!T) return;
  var body = T.tBodies[0], data = null;
  // What filters need of each row, read on first use: a page opened
  // without a view in its URL costs no more than its markup.
  function rows() {
    if (!data) {
      data = slice.call(body.rows).map(function (r, n) {
        var c = " " + r.className + " ";
        return {
          r: r, n: n,
          v: /\s(ok|review|gap)\s/.exec(c)[1],
          f: c.indexOf(" f ") >= 0,
          m: c.indexOf(" m ") >= 0,
          k: r.cells[1].firstChild.nodeValue,
          s: null
        };
      });
    }
    return data;
  }
  // A score cell holds one "name value" per line.
  function score(x, name) {
    if (!x.s) {
      x.s = {};
      x.r.cells[4].textContent.split("\n").forEach(function (l) {
        var i = l.lastIndexOf(" ");
        x.s[l.slice(0, i)] = num(l.slice(i + 1));
      });
    }
    var v = x.s[name];
    return v === undefined ? null : v;
  }

  function el(id) { return d.getElementById(id); }
  var bar = el("bar"), fk = el("fk"), ff = el("ff"), fm = el("fm"), fv = el("fv");
  var sk = el("sk"), sd = el("sd"), count = el("count"), verdicts = ["ok", "review", "gap"];
  var cv = {};
  verdicts.forEach(function (v) { cv[v] = el("v-" + v); });
  bar.hidden = false;

  function state() {
    var p = [], vs = verdicts.filter(function (v) { return cv[v].checked; });
    if (vs.length < verdicts.length) p.push("v=" + (vs.join(".") || "none"));
    if (fk.value) p.push("k=" + encodeURIComponent(fk.value));
    if (ff.checked) p.push("f=1");
    if (num(fv.value) !== null) p.push("m=" + fm.value, "lt=" + encodeURIComponent(fv.value));
    if (sk.value !== "link") p.push("s=" + sk.value);
    if (sd.value !== "asc") p.push("d=" + sd.value);
    return p.join("&");
  }

  function pick(select, value) {
    select.value = value;
    if (select.value !== value) select.selectedIndex = 0;
  }

  function load(hash) {
    var q = {};
    hash.replace(/^#/, "").split("&").forEach(function (kv) {
      var i = kv.indexOf("=");
      if (i > 0) {
        try { q[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1)); } catch (e) { /* ignored */ }
      }
    });
    var vs = q.v === undefined ? verdicts : q.v.split(".");
    verdicts.forEach(function (v) { cv[v].checked = vs.indexOf(v) >= 0; });
    pick(fk, q.k || "");
    ff.checked = q.f === "1";
    pick(fm, q.m || "chrf");
    fv.value = num(q.lt) === null ? "" : q.lt;
    pick(sk, q.s || "link");
    pick(sd, q.d || "asc");
  }

  var order = "link asc";
  function apply() {
    var k = fk.value, lt = num(fv.value), m = fm.value, shown = 0, data = rows();
    var vs = {};
    verdicts.forEach(function (v) { vs[v] = cv[v].checked; });
    data.forEach(function (x) {
      var show = vs[x.v] && (!k || (k === "merged" ? x.m : x.k === k)) && (!ff.checked || x.f);
      if (show && lt !== null) {
        var v = score(x, m);
        show = v !== null && v < lt;
      }
      if (x.r.hidden === show) x.r.hidden = !show;
      if (show) shown++;
    });
    var key = sk.value + " " + sd.value;
    if (key !== order) {
      var key_ = sk.value, list = data.map(function (x) {
        return { r: x.r, n: x.n, v: key_ === "link" ? x.n : score(x, key_) };
      });
      list.sort(byValue(sd.value === "desc"));
      reorder(body, list);
      order = key;
    }
    count.textContent = "Showing " + shown + " of " + data.length + " rows";
    var s = state(), url = location.href.split("#")[0] + (s ? "#" + s : "");
    if (url !== location.href) {
      try { history.replaceState(null, "", url); } catch (e) { location.hash = s; }
    }
  }

  function fromHash() {
    // `#l12` is a link to a row: the browser scrolls to it, the view stays.
    // The controls are always set, since a browser may restore old values.
    load(/^#l\d+$/.test(location.hash) ? "" : location.hash);
    if (state() || data) apply();
  }

  bar.addEventListener("input", apply);
  bar.addEventListener("change", apply);
  el("reset").addEventListener("click", function () { load(""); apply(); });
  window.addEventListener("hashchange", fromHash);
  fromHash();

  // j / n: the next row that is not ok (review or gap); k / p: the one before.
  d.addEventListener("keydown", function (e) {
    var step = { j: 1, n: 1, k: -1, p: -1 }[e.key], t = e.target;
    if (!step || e.ctrlKey || e.metaKey || e.altKey) return;
    if (/^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName) && t.type !== "checkbox") return;
    var rows = body.rows, cur = t.closest ? t.closest("#rows tbody tr") : null;
    var i = cur ? slice.call(rows).indexOf(cur) : step > 0 ? -1 : rows.length;
    for (i += step; i >= 0 && i < rows.length; i += step) {
      var r = rows[i];
      if (!r.hidden && !/(^|\s)ok(\s|$)/.test(r.className)) {
        e.preventDefault();
        r.tabIndex = -1;
        r.focus({ preventScroll: true });
        r.scrollIntoView({ block: "center" });
        return;
      }
    }
  });
})();
