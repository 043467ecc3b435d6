// Type-ahead in every field that takes an organization: names offered as one types, from /suggest.json.
// The ARIA 1.2 combobox pattern (an input that controls a listbox popup, the active option named by
// aria-activedescendant): arrows move, Enter chooses, Escape closes. Choosing puts the organization's name
// in the field (its id when the name is shared), the last item of a comma-separated list (avoid) only.
// Names from the data are put in the page with textContent, never as HTML.
(function () {
  "use strict";

  const configNode = document.getElementById("typeahead-config");
  if (!configNode) return;
  const config = JSON.parse(configNode.textContent);

  // The fields, found by their form's action: the planner's templates need not know about the type-ahead.
  const FIELDS = [
    "input[data-typeahead]",
    'form[action$="/paths"] input[name="from"]',
    'form[action$="/paths"] input[name="to"]',
    'form[action$="/paths"] input[name="avoid"]',
    'form[action$="/recommendations"] input[name="org"]',
    'form[action$="/partners"] input[name="from"]',
  ];
  const LIST_FIELDS = ["avoid"]; // comma-separated: the item being typed is the last one
  const LIMIT = 8;
  const MAX_QUERY = 200; // the endpoint refuses longer
  const DELAY = 60; // ms of quiet typing before asking
  let fields = 0;

  function attach(input) {
    if (input.dataset.typeaheadOn) return;
    input.dataset.typeaheadOn = "1";
    const n = ++fields;
    const isList = LIST_FIELDS.indexOf(input.name) >= 0;
    const submits = input.dataset.typeahead === "submit";

    const popup = document.createElement("div");
    popup.className = "typeahead";
    popup.hidden = true;
    const listbox = document.createElement("ul");
    listbox.id = "typeahead-" + n;
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", config.label);
    const none = document.createElement("p");
    none.className = "none";
    none.setAttribute("role", "status");
    popup.append(listbox, none);
    document.body.append(popup);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", listbox.id);
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off"); // the browser's own list would cover ours

    let items = []; // the suggestions shown
    let active = -1;
    let asked = 0; // the last request: older answers are dropped
    let timer = null;
    let pending = null;

    function term() {
      const text = input.value;
      return (isList ? text.slice(text.lastIndexOf(",") + 1) : text).trim();
    }

    function place() {
      const box = input.getBoundingClientRect();
      const room = document.documentElement.clientWidth;
      const width = Math.min(Math.max(box.width, 288), room - 16);
      popup.style.width = width + "px";
      popup.style.left = window.scrollX + Math.max(8, Math.min(box.left, room - width - 8)) + "px";
      popup.style.top = window.scrollY + box.bottom + 2 + "px";
    }

    function close() {
      clearTimeout(timer);
      if (pending) pending.abort();
      pending = null;
      asked++;
      popup.hidden = true;
      items = [];
      active = -1;
      listbox.replaceChildren();
      none.textContent = "";
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function option(s, i) {
      const li = document.createElement("li");
      li.id = listbox.id + "-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      const swatch = document.createElement("span");
      swatch.className = "swatch role-" + (/^[a-z]+$/.test(s.role) ? s.role : "partner");
      swatch.setAttribute("aria-hidden", "true");
      const name = document.createElement("span");
      name.className = "typeahead-name";
      name.textContent = s.name;
      const meta = document.createElement("span");
      meta.className = "typeahead-meta";
      const also = [s.name_fr, s.short_name].filter(function (x) { return x && x !== s.name; });
      meta.textContent = also.concat([s.city, s.country, s.role_name].filter(Boolean)).join(" · ");
      li.append(swatch, name, meta);
      li.addEventListener("mousedown", function (event) { event.preventDefault(); }); // keep the focus
      li.addEventListener("click", function () { choose(i); });
      return li;
    }

    function show(found) {
      items = found;
      active = -1;
      input.removeAttribute("aria-activedescendant");
      listbox.replaceChildren.apply(listbox, found.map(option));
      none.textContent = found.length ? "" : config.none;
      input.setAttribute("aria-expanded", found.length ? "true" : "false");
      place();
      popup.hidden = false;
    }

    function ask() {
      const q = term();
      if (!q || q.length > MAX_QUERY) {
        close();
        return;
      }
      if (pending) pending.abort();
      pending = new AbortController();
      const mine = ++asked;
      const url = config.url + "?limit=" + LIMIT + "&q=" + encodeURIComponent(q);
      fetch(url, { headers: { Accept: "application/json" }, signal: pending.signal })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (found) {
          if (mine !== asked || document.activeElement !== input) return;
          if (Array.isArray(found)) show(found);
          else close();
        })
        .catch(function () { /* aborted, or offline: no suggestions */ });
    }

    function move(to) {
      if (!items.length) return;
      if (active >= 0) listbox.children[active].setAttribute("aria-selected", "false");
      if (active >= 0) listbox.children[active].classList.remove("active");
      active = (to + items.length) % items.length;
      const li = listbox.children[active];
      li.setAttribute("aria-selected", "true");
      li.classList.add("active");
      li.scrollIntoView({ block: "nearest" });
      input.setAttribute("aria-activedescendant", li.id);
    }

    function choose(i) {
      const s = items[i];
      let text = s.value;
      if (isList) {
        if (text.indexOf(",") >= 0) text = s.id; // a name with a comma would be read as two items
        const before = input.value.split(",").slice(0, -1).map(function (x) { return x.trim(); });
        text = before.filter(Boolean).concat([text]).join(", ");
      }
      input.value = text;
      close();
      input.focus();
      if (submits && input.form) input.form.requestSubmit();
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      const open = !popup.hidden && items.length > 0;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (open) move(active + (event.key === "ArrowDown" ? 1 : active < 0 ? 0 : -1));
        else ask();
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape" && !popup.hidden) {
        event.preventDefault();
        close();
      } else if (event.key === "Tab" || event.key === "Enter") {
        close();
      }
    });
    input.addEventListener("blur", close);
    window.addEventListener("resize", function () { if (!popup.hidden) place(); });
  }

  document.querySelectorAll(FIELDS.join(",")).forEach(attach);
})();
