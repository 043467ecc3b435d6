// The offline snapshot of a network view (web/templates/offline.html): draws the view kept in the file
// with vis-network, also kept in the file; filters by role and country and a search, with no server.
// Names from the data go in with textContent or as canvas text, never as HTML.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("view-data").textContent);
  const extra = JSON.parse(document.getElementById("view-extra").textContent);
  const messages = JSON.parse(document.getElementById("messages").textContent);
  const numbers = new Intl.NumberFormat(extra.lang || "en");
  const say = function (template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
  };
  const fold = function (text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  };

  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const network = new vis.Network(document.getElementById("network"), { nodes: nodes, edges: edges }, data.options);
  const total = data.nodes.length;

  // The hubs' places, as the page shades them: a disc in the hub's colour.
  network.on("beforeDrawing", function (ctx) {
    (data.areas || []).forEach(function (a) {
      ctx.beginPath();
      ctx.arc(a.x, a.y, a.r, 0, 2 * Math.PI);
      ctx.fillStyle = (extra.palette[a.hub - 1] || "#cccccc") + "22";
      ctx.fill();
    });
  });

  const rolesBox = document.getElementById("roles");
  extra.roles.forEach(function (r) {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.value = r.id;
    box.checked = true;
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = r.colour;
    label.append(box, " ", swatch, " ", r.name);
    rolesBox.append(label);
  });
  const countries = document.getElementById("countries");
  extra.countries.forEach(function (c) {
    const option = document.createElement("option");
    option.value = c.code;
    option.textContent = c.name + " (" + c.code + ")";
    countries.append(option);
  });

  function shown() {
    const roles = new Set(Array.from(rolesBox.querySelectorAll("input:checked")).map(function (b) { return b.value; }));
    const codes = new Set(Array.from(countries.selectedOptions).map(function (o) { return o.value; }));
    return function (n) { return roles.has(n.role) && (codes.size === 0 || codes.has(n.country)); };
  }

  function apply() {
    const keep = shown();
    const visible = new Set();
    nodes.update(data.nodes.map(function (n) {
      if (keep(n)) visible.add(n.id);
      return { id: n.id, hidden: !visible.has(n.id) };
    }));
    edges.update(data.edges.map(function (e) {
      return { id: e.id, hidden: !(visible.has(e.from) && visible.has(e.to)) };
    }));
    document.getElementById("summary").textContent = say(messages.shown, {
      shown: numbers.format(visible.size), total: numbers.format(total),
    });
    return visible;
  }

  function search() {
    const words = fold(document.getElementById("search").value).split(/\s+/).filter(Boolean);
    const found = document.getElementById("found");
    if (!words.length) { found.textContent = ""; network.unselectAll(); return; }
    const keep = shown();
    const hits = data.nodes.filter(function (n) {
      const text = fold([n.name, n.label, n.id].join(" "));
      return keep(n) && words.every(function (w) { return text.indexOf(w) >= 0; });
    });
    if (!hits.length) {
      found.textContent = say(messages.no_results, { q: document.getElementById("search").value });
      network.unselectAll();
      return;
    }
    found.textContent = say(messages.found, { n: numbers.format(hits.length) });
    network.selectNodes(hits.map(function (n) { return n.id; }));
    network.focus(hits[0].id, { scale: 1.2, animation: false });
  }

  function refilter() {
    const visible = apply();
    if (visible.size) network.fit({ nodes: Array.from(visible), animation: false });
    search();
  }
  rolesBox.addEventListener("change", refilter);
  countries.addEventListener("change", refilter);
  document.getElementById("search").addEventListener("input", search);
  document.getElementById("reset").addEventListener("click", function () {
    rolesBox.querySelectorAll("input").forEach(function (b) { b.checked = true; });
    Array.from(countries.options).forEach(function (o) { o.selected = false; });
    document.getElementById("search").value = "";
    apply();
    search();
    network.fit();
  });
  apply();
  network.once("afterDrawing", function () { document.body.dataset.drawn = "1"; });
  window.partnernet = { network: network, nodes: nodes, edges: edges, apply: apply, search: search };
})();
