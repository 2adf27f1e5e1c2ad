/* The dossier page's in-place actions, on top of htmx (the page works without both).
 *
 * - The "Tôi đã kiểm tra…" boxes are for browsers without JavaScript: with htmx the form asks
 *   with hx-confirm and sends confirmed=1 itself, so the boxes are hidden and disabled.
 * - A refused action (400) or a stale version (409) answers with the panel and its message:
 *   swap it like a success instead of dropping it.
 * - After each swap, focus moves to the notice so keyboard and screen-reader users hear it.
 * - A failure with no panel to show (network, 500) is said in the notice area.
 */
(function () {
  "use strict";
  if (!window.htmx) { return; }
  var PANEL = "dossier-panel";
  var focusPending = false;

  htmx.onLoad(function (root) {
    root.querySelectorAll(".confirm-box").forEach(function (box) {
      var input = box.querySelector("input");
      if (input) { input.disabled = true; }
      box.hidden = true;
    });
  });

  function focusNotice() {
    var panel = document.getElementById(PANEL);
    if (!panel) { return; }
    if (panel.dataset.title) { document.title = panel.dataset.title; }
    var notice = panel.querySelector(".desk-notices");
    if (notice && notice.textContent.trim()) {
      notice.focus();
    }
  }

  document.addEventListener("htmx:beforeSwap", function (evt) {
    var target = evt.detail.target;
    if (!target || target.id !== PANEL) { return; }
    var status = evt.detail.xhr.status;
    if (status === 400 || status === 409) {
      evt.detail.shouldSwap = true;
      evt.detail.isError = false;
    }
    focusPending = evt.detail.shouldSwap;
  });

  document.addEventListener("htmx:afterSettle", function () {
    if (!focusPending) { return; }
    focusPending = false;
    focusNotice();
  });

  function failed() {
    var panel = document.getElementById(PANEL);
    var notice = panel && panel.querySelector(".desk-notices");
    if (!notice) { return; }
    var line = document.createElement("p");
    line.className = "desk-notice error";
    line.textContent = panel.dataset.failed;
    notice.setAttribute("role", "alert");
    notice.replaceChildren(line);
    notice.focus();
  }

  document.addEventListener("htmx:responseError", failed);  // 400 and 409 are swapped above
  document.addEventListener("htmx:sendError", failed);

  // A notice after a full page load (the no-htmx path, or a redirect) gets the focus too.
  document.addEventListener("DOMContentLoaded", focusNotice);
}());
