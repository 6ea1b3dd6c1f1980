/*
 * Closes the theme's drawer and search when a page is shown.
 *
 * Both are checkboxes (`__drawer`, `__search`). Material wrote autocomplete="off" on them so that
 * browsers would not restore a checked box when a visitor comes back with the Back button; HTML
 * allows no autocomplete on checkboxes (Nu Html Checker), so overrides/base.html drops it, and
 * this script does its job: a page always opens with drawer and search closed, also when it comes
 * back from the back-forward cache.
 */
(function () {
  "use strict";
  function close() {
    ["__drawer", "__search"].forEach(function (id) {
      var toggle = document.getElementById(id);
      if (toggle) toggle.checked = false;
    });
  }
  // Browsers restore form state after parsing, so closing at once would be undone; "pageshow"
  // comes after the restoring, on a new load and on a return from the back-forward cache alike.
  window.addEventListener("pageshow", close);
})();
