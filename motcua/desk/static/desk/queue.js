/* The work queue: "/" puts the cursor in the search box, as in most web applications, unless
 * the official is already typing somewhere. The page works the same without it. */
(function () {
  "use strict";
  document.addEventListener("keydown", function (evt) {
    if (evt.key !== "/" || evt.ctrlKey || evt.metaKey || evt.altKey) { return; }
    var target = evt.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
      return;
    }
    var box = document.getElementById("desk-search-q");
    if (!box) { return; }
    evt.preventDefault();
    box.focus();
    box.select();
  });
})();
