/* The header's "Plan" menu (a <details>, usable without script): one click outside, or Escape, closes it. */
(function () {
  "use strict";
  const menus = document.querySelectorAll("header.top details.menu");
  if (!menus.length) return;
  document.addEventListener("click", function (event) {
    menus.forEach(function (menu) { if (menu.open && !menu.contains(event.target)) menu.open = false; });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    menus.forEach(function (menu) {
      if (!menu.open) return;
      menu.open = false;
      menu.querySelector("summary").focus();
    });
  });
})();
