// The filters' drawer of small screens, on the network page and the map: the "Filters" button opens
// it, × closes it.
(function () {
  "use strict";

  const layout = document.getElementById("layout");
  const opener = document.getElementById("drawer-open");
  if (!layout || !opener) return;
  function drawer(open) {
    layout.classList.toggle("drawer-open", open);
    opener.setAttribute("aria-expanded", open ? "true" : "false");
  }
  opener.addEventListener("click", function () { drawer(!layout.classList.contains("drawer-open")); });
  document.getElementById("drawer-close").addEventListener("click", function () { drawer(false); });
})();
