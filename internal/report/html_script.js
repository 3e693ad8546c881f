(function () {
  "use strict";
  // #data (written before this script by the report writer) holds the
  // functions and findings as JSON; every string from the estate is put
  // into the page with textContent, never as markup.
  var holder = document.getElementById("data");
  var D = JSON.parse(holder.textContent), S = D.s, SEV = D.sev;
  holder.textContent = "";
  var CHUNK = 150;
  var EMPTY = { rows: [], shown: 0 };
  function byId(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }
  function badge(cls, word) { return el("span", "badge " + cls, word); }
  var RANK = { critical: 0, high: 1, medium: 2, low: 3, info: 4, unknown: 5, pass: 6, none: 7 };

  var rules = D.rules.map(function (r) { return { id: r[0], name: r[1], title: r[2], sev: r[3] }; });
  var fns = D.fns.map(function (f, i) {
    var n = 0;
    f[7].forEach(function (rc) { n += rc[1]; });
    return { i: i, name: f[0], deployed: f[1], where: S[f[2]], exp: f[3], pow: f[4], sev: f[5], unk: f[6], rules: f[7], notPassed: n };
  });
  var rows = D.rows.map(function (r, i) {
    var fnName = r[2].length ? fns[r[2][0]].name : "";
    var msg = S[r[9]];
    return {
      i: i, cls: r[0], rule: r[1], fns: r[2], where: S[r[3]], file: S[r[4]], res: S[r[5]], label: S[r[6]],
      kind: S[r[7]], loc: S[r[8]], msg: msg.indexOf("\u0001") >= 0 ? msg.split("\u0001").join(fnName) : msg,
      ev: r[10], sup: r[11], fnName: fnName
    };
  });
  var text = [];
  function rowText(r) {
    if (text[r.i] === undefined) {
      var t = [rules[r.rule].id, rules[r.rule].title, r.msg, r.res, r.label, r.where, r.file, r.loc];
      r.fns.forEach(function (k) { t.push(fns[k].name, fns[k].deployed); });
      r.ev.forEach(function (e) { t.push(S[e[0]], e[1]); });
      text[r.i] = t.join(" ").toLowerCase();
    }
    return text[r.i];
  }

  // --- state, kept in the URL fragment ------------------------------------
  var form = byId("filters");
  var DEFAULT = { sort: "fn", dir: "asc", fsort: "worst", fdir: "asc" };
  var state = {};
  function readForm() {
    var off = [];
    form.querySelectorAll("input[name=sev]").forEach(function (c) { if (!c.checked) { off.push(c.value); } });
    if (!form.querySelector("input[name=sev][value=pass]")) { off.push("pass"); }
    state.off = off;
    state.sup = byId("f-sup").checked;
    state.rule = byId("f-rule").value;
    state.fn = byId("f-fn").value;
    state.q = byId("f-q").value.trim();
  }
  function writeForm() {
    form.querySelectorAll("input[name=sev]").forEach(function (c) { c.checked = state.off.indexOf(c.value) < 0; });
    byId("f-sup").checked = state.sup;
    byId("f-rule").value = state.rule;
    if (state.fn) { fnOptions(); }
    byId("f-fn").value = state.fn;
    if (byId("f-fn").value !== state.fn) { byId("f-fn").value = ""; state.fn = ""; }
    byId("f-q").value = state.q;
  }
  function fromHash() {
    var h = location.hash.replace(/^#/, "");
    var p = new URLSearchParams(h.indexOf("=") >= 0 ? h : "");
    // Without "pass" in the page, passed results are never listed.
    var off = p.has("hide") ? p.get("hide").split(",").filter(Boolean) : ["pass"];
    state = {
      off: off,
      sup: p.get("sup") !== "0",
      rule: p.get("rule") || "",
      fn: p.get("fn") || "",
      q: p.get("q") || "",
      sort: p.get("sort") || DEFAULT.sort,
      dir: p.get("dir") || DEFAULT.dir,
      fsort: p.get("fsort") || DEFAULT.fsort,
      fdir: p.get("fdir") || DEFAULT.fdir
    };
  }
  function toHash() {
    var p = new URLSearchParams();
    if (!(state.off.length === 1 && state.off[0] === "pass")) { p.set("hide", state.off.join(",")); }
    if (!state.sup) { p.set("sup", "0"); }
    if (state.rule) { p.set("rule", state.rule); }
    if (state.fn) { p.set("fn", state.fn); }
    if (state.q) { p.set("q", state.q); }
    ["sort", "dir", "fsort", "fdir"].forEach(function (k) { if (state[k] !== DEFAULT[k]) { p.set(k, state[k]); } });
    var h = p.toString() ? "#" + p.toString() : "";
    if (location.hash !== h) {
      history.replaceState(null, "", h || location.pathname + location.search);
    }
  }

  // --- the functions table ---------------------------------------------
  var fnTable = byId("functions");
  var fnView = EMPTY;
  function verdictCell(v) {
    var td = el("td");
    var b = badge(v[0], v[1]);
    if (v[3].length === 0) {
      td.appendChild(b);
      if (v[2]) { td.appendChild(el("span", "muted", " at least " + v[2])); }
      if (v[4]) { td.appendChild(el("span", "muted", " " + v[4] + " passed")); }
      return td;
    }
    var d = el("details"), s = el("summary");
    s.appendChild(b);
    if (v[2]) { s.appendChild(el("span", "muted", " at least " + v[2])); }
    var ids = [];
    v[3].forEach(function (it) { it[0].split(" ").forEach(function (id) { if (ids.indexOf(id) < 0) { ids.push(id); } }); });
    s.appendChild(el("span", "mono muted", " " + ids.join(" ")));
    d.appendChild(s);
    var ul = el("ul");
    v[3].forEach(function (it) {
      var li = el("li");
      li.appendChild(el("b", "mono", it[0]));
      li.appendChild(document.createTextNode(" " + rows[it[2]].msg));
      ul.appendChild(li);
    });
    d.appendChild(ul);
    td.appendChild(d);
    return td;
  }
  function countCell(n) { return el("td", n ? "n" : "n z", String(n)); }
  function fnRow(f) {
    var tr = el("tr");
    var td = el("td");
    var b = el("button", "fnlink", f.name);
    b.type = "button";
    b.dataset.fn = String(f.i);
    b.title = "Show the findings of this function";
    td.appendChild(b);
    if (f.deployed) { td.appendChild(el("div", "fnname", f.deployed)); }
    tr.appendChild(td);
    if (D.live || D.files) { tr.appendChild(el("td", "mono wrapany", f.where)); }
    tr.appendChild(verdictCell(f.exp));
    tr.appendChild(verdictCell(f.pow));
    td = el("td", "rules");
    f.rules.forEach(function (rc, k) {
      if (k) { td.appendChild(document.createTextNode(" ")); }
      td.appendChild(el("span", "rc " + SEV[rc[2]], rules[rc[0]].id + (rc[1] > 1 ? " \u00d7" + rc[1] : "")));
    });
    tr.appendChild(td);
    f.sev.forEach(function (n) { tr.appendChild(countCell(n)); });
    tr.appendChild(countCell(f.unk));
    return tr;
  }
  function worse(a, b) {
    for (var k = 0; k < 5; k++) { if (a.sev[k] !== b.sev[k]) { return b.sev[k] - a.sev[k]; } }
    return b.unk - a.unk;
  }
  function cmpStr(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
  var FN_SORT = {
    worst: worse,
    name: function (a, b) { return cmpStr(a.name, b.name) || cmpStr(a.where, b.where); },
    where: function (a, b) { return cmpStr(a.where, b.where) || cmpStr(a.name, b.name); },
    exposure: function (a, b) { return RANK[a.exp[0]] - RANK[b.exp[0]] || worse(a, b); },
    power: function (a, b) { return RANK[a.pow[0]] - RANK[b.pow[0]] || worse(a, b); },
    rules: function (a, b) { return b.notPassed - a.notPassed || worse(a, b); },
    unknown: function (a, b) { return b.unk - a.unk || worse(a, b); }
  };
  ["critical", "high", "medium", "low", "info"].forEach(function (s, k) {
    FN_SORT[s] = function (a, b) { return b.sev[k] - a.sev[k] || worse(a, b); };
  });
  function renderFunctions() {
    if (!fnTable) { return; }
    var f = FN_SORT[state.fsort] || worse;
    var list = fns.slice().sort(function (a, b) { return f(a, b) || a.i - b.i; });
    if (state.fdir === "desc") { list.reverse(); }
    fnView = { rows: list, shown: 0 };
    var body = fnTable.tBodies[0];
    body.textContent = "";
    more(fnTable, fnView, fnRow, CHUNK);
    marks(fnTable, state.fsort === "worst" ? "" : state.fsort, state.fdir);
  }

  // --- the findings table --------------------------------------------------
  var table = byId("findings-table");
  var view = EMPTY;
  var columns = table.tHead.rows[0].cells.length;
  function findingRow(r) {
    var frag = document.createDocumentFragment();
    var tr = el("tr", "f " + SEV[r.cls]);
    tr.dataset.i = String(r.i);
    tr.dataset.status = r.cls < 5 ? "FAIL" : r.cls === 5 ? "UNKNOWN" : "PASS";
    tr.dataset.sev = SEV[r.cls];
    tr.dataset.rule = rules[r.rule].id;
    tr.dataset.fns = r.fns.join(" ");
    var td = el("td", "sev");
    var t = el("button", "tog", "\u25b8");
    t.type = "button";
    t.title = "Evidence";
    t.setAttribute("aria-expanded", "false");
    td.appendChild(t);
    // An UNKNOWN is never given a severity: its one badge says UNKNOWN.
    td.appendChild(badge(SEV[r.cls], r.cls < 5 ? SEV[r.cls] : r.cls === 5 ? "unknown" : "pass"));
    if (r.sup) { td.appendChild(badge("suppressed", "suppressed")); }
    tr.appendChild(td);
    td = el("td");
    td.appendChild(el("div", "mono", rules[r.rule].id));
    td.appendChild(el("div", "small muted", rules[r.rule].title));
    tr.appendChild(td);
    var names = r.fns.slice(0, 3).map(function (k) { return fns[k].name; });
    if (r.fns.length > 3) { names.push("and " + (r.fns.length - 3) + " more"); }
    tr.appendChild(el("td", "wrapany", names.join(", ")));
    if (D.live) { tr.appendChild(el("td", "mono wrapany", r.where)); }
    if (D.files || !D.live) { tr.appendChild(el("td", "mono wrapany", r.file)); }
    td = el("td", "wrapany", r.label || r.res);
    if (r.kind) { td.appendChild(el("span", "muted", " (" + r.kind + ")")); }
    tr.appendChild(td);
    tr.appendChild(el("td", "msg", r.msg));
    frag.appendChild(tr);

    var dr = el("tr", "detail");
    dr.hidden = !open[r.i];
    td = el("td");
    td.colSpan = columns;
    var dl = el("dl");
    function item(k, v, cls) {
      if (!v) { return; }
      dl.appendChild(el("dt", null, k));
      dl.appendChild(el("dd", cls, v));
    }
    item("Resource", r.res, "mono");
    if (r.label) { item("Name", r.label); }
    item("Location", r.file || r.loc || r.where, "mono");
    if (r.fns.length > 1) { item("Functions", r.fns.map(function (k) { return fns[k].name; }).join(", ")); }
    td.appendChild(dl);
    if (r.sup) {
      td.appendChild(el("div", "supnote", "Suppressed (" + r.sup[0] + ")" + (r.sup[1] ? ": " + r.sup[1] : "") + (r.sup[2] ? " \u2014 " + r.sup[2] : "")));
    }
    if (r.ev.length) {
      var ul = el("ul", "ev");
      r.ev.forEach(function (e) {
        var li = el("li");
        li.appendChild(el("b", null, S[e[0]]));
        li.appendChild(document.createTextNode(": " + e[1]));
        if (S[e[2]]) { li.appendChild(el("span", "mono muted", " (" + S[e[2]] + ")")); }
        ul.appendChild(li);
      });
      td.appendChild(ul);
    }
    if (r.cls !== 6) {
      var p = el("p", "small");
      p.appendChild(document.createTextNode("How to fix: "));
      var a = el("a", "mono", rules[r.rule].id + " " + rules[r.rule].title);
      a.href = "#fix-" + rules[r.rule].id;
      p.appendChild(a);
      td.appendChild(p);
    }
    dr.appendChild(td);
    frag.appendChild(dr);
    return frag;
  }
  var open = {};
  var SORT = {
    sev: function (a, b) { return a.cls - b.cls; },
    rule: function (a, b) { return a.rule - b.rule || a.cls - b.cls; },
    fn: function (a, b) { return cmpStr(a.fnName, b.fnName) || a.cls - b.cls; },
    where: function (a, b) { return cmpStr(a.where, b.where) || a.cls - b.cls; },
    file: function (a, b) { return cmpStr(a.file, b.file) || a.cls - b.cls; }
  };
  function visibleRows() {
    var off = {};
    state.off.forEach(function (s) { off[s] = true; });
    var rule = state.rule, fn = state.fn, q = state.q.toLowerCase(), key = fn === "other" ? -1 : Number(fn);
    return rows.filter(function (r) {
      return !off[SEV[r.cls]] &&
        (state.sup || !r.sup) &&
        (!rule || rules[r.rule].id === rule) &&
        (!fn || (key < 0 ? r.fns.length === 0 : r.fns.indexOf(key) >= 0)) &&
        (!q || rowText(r).indexOf(q) >= 0);
    });
  }
  function renderFindings() {
    var list = visibleRows();
    var f = SORT[state.sort] || SORT.fn;
    list.sort(function (a, b) { return f(a, b) || a.i - b.i; });
    if (state.dir === "desc") { list.reverse(); }
    view = { rows: list, shown: 0 };
    table.tBodies[0].textContent = "";
    more(table, view, findingRow, CHUNK);
    byId("shown").textContent = String(list.length);
    byId("none").hidden = list.length > 0;
    marks(table, state.sort, state.dir);
  }

  // Rows are rendered CHUNK at a time: more when asked ("Show more"), and
  // all that the filters show before printing.
  function more(tbl, v, render, n) {
    var end = Math.min(v.rows.length, v.shown + n);
    var frag = document.createDocumentFragment();
    for (var k = v.shown; k < end; k++) { frag.appendChild(render(v.rows[k])); }
    tbl.tBodies[0].appendChild(frag);
    v.shown = end;
    var p = moreOf(tbl);
    if (p) {
      p.hidden = v.shown >= v.rows.length;
      p.querySelector("button").textContent = "Show more (" + (v.rows.length - v.shown) + " not shown)";
    }
  }
  function moreOf(tbl) {
    var p = tbl.parentNode.nextElementSibling;
    while (p && !p.classList.contains("more")) { p = p.nextElementSibling; }
    return p;
  }
  function marks(tbl, key, dir) {
    tbl.querySelectorAll("th[data-sort]").forEach(function (th) {
      th.setAttribute("aria-sort", th.dataset.sort === key ? (dir === "desc" ? "descending" : "ascending") : "none");
    });
  }

  function update() {
    readForm();
    toHash();
    renderFindings();
  }
  // The function filter's options (thousands at scale) are made when the
  // filter is first used.
  var fnOptionsMade = false;
  function fnOptions() {
    if (fnOptionsMade) { return; }
    fnOptionsMade = true;
    var sel = byId("f-fn");
    var frag = document.createDocumentFragment();
    fns.map(function (f) { return f; }).sort(function (a, b) { return cmpStr(a.name, b.name) || cmpStr(a.where, b.where); }).forEach(function (f) {
      var o = el("option", null, f.name + (f.deployed ? " (" + f.deployed + ")" : "") + (D.live && f.where ? " \u2014 " + f.where : ""));
      o.value = String(f.i);
      frag.appendChild(o);
    });
    sel.insertBefore(frag, sel.options[1] || null);
  }
  ["focus", "mousedown", "keydown"].forEach(function (t) { byId("f-fn").addEventListener(t, fnOptions); });

  // --- CSV of the rows the filters show ------------------------------------
  function csvCell(s) {
    s = String(s === undefined || s === null ? "" : s);
    // A cell a spreadsheet would run as a formula is neutralised.
    if (/^[=+\-@\t\r]/.test(s)) { s = "'" + s; }
    return "\"" + s.replace(/"/g, "\"\"") + "\"";
  }
  function csv() {
    var lines = [["severity", "status", "rule", "title", "functions", "account_region", "file", "resource", "kind", "message", "suppressed"].join(",")];
    view.rows.forEach(function (r) {
      lines.push([r.cls < 5 ? SEV[r.cls] : "", r.cls < 5 ? "FAIL" : r.cls === 5 ? "UNKNOWN" : "PASS", rules[r.rule].id, rules[r.rule].title,
        r.fns.map(function (k) { return fns[k].name; }).join(" "), r.where, r.file, r.res, r.kind, r.msg, r.sup ? r.sup[0] : ""].map(csvCell).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }
  byId("f-csv").addEventListener("click", function () {
    var url = URL.createObjectURL(new Blob([csv()], { type: "text/csv" }));
    var a = el("a");
    a.href = url;
    a.download = "lambdasec-findings.csv";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 0);
  });

  // --- events --------------------------------------------------------------
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.addEventListener("reset", function () {
    setTimeout(function () {
      state = { off: ["pass"], sup: true, rule: "", fn: "", q: "", sort: DEFAULT.sort, dir: DEFAULT.dir, fsort: DEFAULT.fsort, fdir: DEFAULT.fdir };
      writeForm();
      update();
      renderFunctions();
    }, 0);
  });
  function sortClick(tbl, keyName, dirName, render) {
    tbl.tHead.addEventListener("click", function (e) {
      var th = e.target.closest("th[data-sort]");
      if (!th) { return; }
      var k = th.dataset.sort;
      state[dirName] = state[keyName] === k && state[dirName] === "asc" ? "desc" : "asc";
      state[keyName] = k;
      toHash();
      render();
    });
  }
  sortClick(table, "sort", "dir", renderFindings);
  if (fnTable) { sortClick(fnTable, "fsort", "fdir", renderFunctions); }
  function chooseFunction(key) {
    state.fn = key;
    writeForm();
    update();
    byId("findings").scrollIntoView();
  }
  document.addEventListener("click", function (e) {
    var b = e.target.closest(".fnlink");
    if (b && b.dataset.fn) { chooseFunction(b.dataset.fn); return; }
    var t = e.target.closest(".tog");
    if (t) {
      var tr = t.closest("tr"), dr = tr.nextElementSibling, i = tr.dataset.i;
      open[i] = !open[i];
      dr.hidden = !open[i];
      t.textContent = open[i] ? "\u25be" : "\u25b8";
      t.setAttribute("aria-expanded", String(!!open[i]));
      return;
    }
    var m = e.target.closest(".more button");
    if (m) {
      var tbl = m.closest(".more").previousElementSibling.querySelector("table") || table;
      if (tbl === fnTable) { more(fnTable, fnView, fnRow, CHUNK * 3); } else { more(table, view, findingRow, CHUNK * 3); }
      return;
    }
    // In-page links (#fix-LS101, #appendix) scroll without replacing the
    // filters kept in the fragment; "#fn=3" chooses a function.
    var a = e.target.closest("a[href^='#']");
    if (a) {
      var h = a.getAttribute("href").slice(1);
      e.preventDefault();
      if (h.indexOf("fn=") === 0) { chooseFunction(h.slice(3)); return; }
      if (h.indexOf("rule=") === 0) { showFinding(h); return; }
      var target = byId(h);
      if (target) {
        if (target.tagName === "DETAILS") { target.open = true; }
        target.scrollIntoView();
      }
    }
  });
  // A hop of an exposure path links to its finding as "#rule=ID&q=RESOURCE":
  // the findings table, every failing or unknown row of that rule and
  // resource, whatever the filters were.
  function showFinding(h) {
    var p = new URLSearchParams(h);
    state.off = ["pass"];
    state.sup = true;
    state.fn = "";
    state.rule = p.get("rule") || "";
    state.q = p.get("q") || "";
    writeForm();
    toHash();
    renderFindings();
    table.scrollIntoView();
  }
  window.addEventListener("hashchange", function () {
    if (location.hash.indexOf("=") < 0) { return; }
    fromHash();
    writeForm();
    renderFunctions();
    renderFindings();
  });

  // --- print: every row, every detail open --------------------------------
  var closed = [];
  function beforePrint() {
    if (fnTable) { more(fnTable, fnView, fnRow, fnView.rows.length); }
    more(table, view, findingRow, view.rows.length);
    // Remediations, failing resources and the files read; a verdict's
    // list in the functions table repeats the findings, and stays shut.
    document.querySelectorAll("details.fix:not([open]), details.res:not([open]), #files:not([open])").forEach(function (d) { closed.push(d); d.open = true; });
  }
  function afterPrint() {
    closed.forEach(function (d) { d.open = false; });
    closed = [];
  }
  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);

  fromHash();
  writeForm();
  if (location.hash.indexOf("=") >= 0) { toHash(); }
  renderFunctions();
  renderFindings();
  document.documentElement.dataset.ready = "1";
}());
