// Enhancements for the draft form; everything also works without this file.
// 1. Autosave: every ~20 s when something changed, and on each change, POST the form with
//    _action=autosave (the server keeps the draft even if it is not valid yet).
// 2. Conditional fields: hide a field whose trigger does not have the value that requires it.
(function () {
  "use strict";
  var form = document.getElementById("draft-form");
  if (!form) return;
  var status = form.querySelector(".autosave-status");
  var dirty = false;
  var saving = false;
  var stopped = false;

  function save() {
    if (!dirty || saving || stopped) return;
    saving = true;
    dirty = false;
    var data = new FormData(form);
    data.set("_action", "autosave");
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin", headers: { "X-Autosave": "1" } })
      .then(function (r) {
        if (r.status === 409) { stopped = true; return r.json(); }
        return r.ok ? r.json() : Promise.reject(r.status);
      })
      .then(function (j) { if (status) status.textContent = j.message || ""; })
      .catch(function () { dirty = true; })
      .finally(function () { saving = false; });
  }

  function valueOf(name) {
    var fields = form.querySelectorAll('[name="' + name + '"]');
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (f.type === "checkbox") return f.checked ? "true" : "false";
      if (f.type === "radio") { if (f.checked) return f.value; continue; }
      return f.value;
    }
    return "";
  }

  function conditions() {
    var nodes = form.querySelectorAll("[data-show-when]");
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      var current = valueOf(node.getAttribute("data-show-when"));
      var wanted = node.getAttribute("data-show-value");
      var show = wanted === "" ? current !== "" && current !== "false" : current === wanted;
      // Never hide a field that has an error or a value: the person must see what they typed.
      if (!show && node.querySelector(".errorlist")) show = true;
      if (show) node.removeAttribute("data-js-hidden"); else node.setAttribute("data-js-hidden", "");
    }
  }

  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; conditions(); save(); });
  setInterval(save, (parseInt(form.getAttribute("data-autosave"), 10) || 20) * 1000);
  window.addEventListener("pagehide", function () {
    if (!dirty || !navigator.sendBeacon) return;
    var data = new FormData(form);
    data.set("_action", "autosave");
    navigator.sendBeacon(form.action, data);
  });
  conditions();
})();
