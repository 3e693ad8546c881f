(function () {
  "use strict";
  var form = document.getElementById("filters");
  var items = Array.prototype.slice.call(document.querySelectorAll("#list .finding"));
  var text = items.map(function (el) {
    var t = "";
    el.querySelectorAll(".q").forEach(function (q) { t += " " + q.textContent; });
    return t.toLowerCase();
  });
  function byId(id) { return document.getElementById(id); }
  function apply() {
    var sev = {};
    form.querySelectorAll("input[name=sev]").forEach(function (c) { sev[c.value] = c.checked; });
    var pass = byId("f-pass").checked, sup = byId("f-sup").checked;
    var rule = byId("f-rule").value, fn = byId("f-fn").value;
    var q = byId("f-q").value.trim().toLowerCase();
    var shown = 0;
    items.forEach(function (el, i) {
      var d = el.dataset;
      var ok = sev[d.sev] &&
        (pass || d.status !== "PASS") &&
        (sup || !d.sup) &&
        (!rule || d.rule === rule) &&
        (!fn || d.fns.split(" ").indexOf(fn) >= 0) &&
        (!q || text[i].indexOf(q) >= 0);
      el.hidden = !ok;
      if (ok) { shown++; }
    });
    byId("shown").textContent = String(shown);
    byId("none").hidden = shown > 0;
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  document.querySelectorAll(".fnlink").forEach(function (b) {
    b.addEventListener("click", function () {
      byId("f-fn").value = b.dataset.fn;
      apply();
      byId("findings").scrollIntoView();
    });
  });
  apply();
}());
