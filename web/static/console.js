// The analysts' console: runs Cypher through POST /console/run, shows a table and a graph.
// Every value from the data goes into the page with textContent, never as HTML.
(function () {
  "use strict";

  const root = document.getElementById("console");
  const editor = document.getElementById("cypher");
  const paramsBox = document.getElementById("params");
  const status = document.getElementById("status");
  const table = document.getElementById("results");
  const graphBox = document.getElementById("graph-box");
  const historyList = document.getElementById("history");
  const messages = JSON.parse(document.getElementById("console-messages").textContent);
  const HISTORY_KEY = "partnernet.console.history";
  const state = { last: null, network: null, done: 0 };
  window.partnernetConsole = state;

  function el(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (className) e.className = className;
    return e;
  }

  function isElement(v, kind) {
    return v !== null && typeof v === "object" && !Array.isArray(v) && v.element === kind;
  }

  function nodeName(n) {
    const p = n.properties || {};
    return p.short_name || p.name || p.title || p.id || p.code || (n.labels || [])[0] || n.id;
  }

  function cell(v) {
    if (v === null || v === undefined) return "";
    if (isElement(v, "node")) return "(:" + (v.labels || []).join(":") + " " + nodeName(v) + ")";
    if (isElement(v, "relationship")) return "[:" + v.type + "]";
    if (isElement(v, "path")) return "<path of " + v.relationships.length + " hops>";
    if (typeof v === "object") return JSON.stringify(v);
    return String(v);
  }

  function showTable(data) {
    table.replaceChildren();
    const head = el("thead");
    const tr = el("tr");
    data.columns.forEach(function (c) { tr.appendChild(el("th", c)); });
    head.appendChild(tr);
    table.appendChild(head);
    const body = el("tbody");
    data.rows.forEach(function (row) {
      const r = el("tr");
      data.columns.forEach(function (c) { r.appendChild(el("td", cell(row[c]))); });
      body.appendChild(r);
    });
    table.appendChild(body);
  }

  // -- graph: nodes, relationships and paths found anywhere in the rows ---------
  const COLOURS = { Centre: "#c0392b", Funder: "#d68910", Company: "#2471a3", Partner: "#27ae60",
    Project: "#7f8c8d", Expertise: "#8e44ad", Country: "#16a085", Agreement: "#95a5a6" };

  function collect(value, nodes, edges) {
    if (Array.isArray(value)) { value.forEach(function (v) { collect(v, nodes, edges); }); return; }
    if (isElement(value, "node")) {
      if (!nodes.has(value.id)) {
        const label = (value.labels || []).find(function (l) { return COLOURS[l]; }) || "";
        nodes.set(value.id, { id: value.id, label: String(nodeName(value)).slice(0, 32),
          title: (value.labels || []).join(":") + "\n" + String(nodeName(value)),
          color: COLOURS[label] || "#34495e", shape: "dot", size: 12 });
      }
    } else if (isElement(value, "relationship")) {
      edges.set(value.id, { id: value.id, from: value.start, to: value.end, title: value.type, arrows: "to" });
    } else if (isElement(value, "path")) {
      collect(value.nodes, nodes, edges);
      collect(value.relationships, nodes, edges);
    }
  }

  function showGraph(data) {
    const nodes = new Map();
    const edges = new Map();
    data.rows.forEach(function (row) { data.columns.forEach(function (c) { collect(row[c], nodes, edges); }); });
    if (!nodes.size) { graphBox.hidden = true; state.graphNodes = 0; return; }
    graphBox.hidden = false;
    const edgeList = Array.from(edges.values()).filter(function (e) { return nodes.has(e.from) && nodes.has(e.to); });
    const options = { physics: { enabled: true, stabilization: { iterations: 200 } },
      edges: { smooth: false, color: { color: "#b3b6b7" } }, interaction: { hover: true, tooltipDelay: 150 },
      layout: { randomSeed: 0, improvedLayout: nodes.size < 300 } };
    if (state.network) state.network.destroy();
    state.network = new vis.Network(document.getElementById("graph"),
      { nodes: new vis.DataSet(Array.from(nodes.values())), edges: new vis.DataSet(edgeList) }, options);
    state.network.once("stabilizationIterationsDone", function () { state.network.setOptions({ physics: false }); });
    state.graphNodes = nodes.size;
  }

  // -- downloads ----------------------------------------------------------------
  function download(name, type, text) {
    const url = URL.createObjectURL(new Blob([text], { type: type }));
    const a = el("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function csv(data) {
    const quote = function (s) { s = cell(s); return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; };
    return [data.columns.map(quote).join(",")].concat(data.rows.map(function (row) {
      return data.columns.map(function (c) { return quote(row[c]); }).join(",");
    })).join("\n") + "\n";
  }

  document.getElementById("download-csv").addEventListener("click", function () {
    if (state.last) download("partnernet-query.csv", "text/csv", csv(state.last));
  });
  document.getElementById("download-json").addEventListener("click", function () {
    if (state.last) download("partnernet-query.json", "application/json", JSON.stringify(state.last.rows, null, 2));
  });

  // -- history (this browser only) ------------------------------------------------
  function loadHistory() {
    try { return JSON.parse(localStorage.getItem(HISTORY_KEY) || "[]"); } catch (e) { return []; }
  }

  function showHistory() {
    historyList.replaceChildren();
    loadHistory().forEach(function (item) {
      const li = el("li");
      const a = el("a", item.cypher.split("\n").join(" ").slice(0, 140));
      a.href = "#";
      a.addEventListener("click", function (event) {
        event.preventDefault();
        editor.value = item.cypher;
        paramsBox.value = item.params;
        root.dataset.name = "";
      });
      li.appendChild(a);
      historyList.appendChild(li);
    });
  }

  function remember(cypher, params) {
    const items = loadHistory().filter(function (i) { return i.cypher !== cypher || i.params !== params; });
    items.unshift({ cypher: cypher, params: params });
    localStorage.setItem(HISTORY_KEY, JSON.stringify(items.slice(0, 20)));
    showHistory();
  }

  // -- run ----------------------------------------------------------------------
  function fail(message) {
    status.textContent = messages.error + ": " + message;
    status.className = "summary notice";
    state.done += 1;
  }

  function run() {
    let params;
    try { params = JSON.parse(paramsBox.value.trim() || "{}"); } catch (e) { fail("parameters: " + e.message); return; }
    const body = { params: params };
    if (root.dataset.name) body.name = root.dataset.name;
    else body.cypher = editor.value;
    status.textContent = messages.running;
    status.className = "summary";
    fetch("/console/run", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": root.dataset.csrf },
      body: JSON.stringify(body),
    }).then(function (r) { return r.json(); }).then(function (data) {
      if (data.error) { fail(data.error.message); return; }
      state.last = data;
      showTable(data);
      showGraph(data);
      status.textContent = data.row_count + " " + messages.rows + " · " + data.elapsed_ms + " ms · " + data.engine +
        (data.message ? " · " + data.message : "");
      document.getElementById("download-csv").disabled = false;
      document.getElementById("download-json").disabled = false;
      remember(editor.value, paramsBox.value);
      state.done += 1;
    }).catch(function (e) { fail(String(e)); });
  }

  editor.addEventListener("input", function () { root.dataset.name = ""; });
  document.getElementById("run").addEventListener("click", run);
  [editor, paramsBox].forEach(function (box) {
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); run(); }
    });
  });
  showHistory();
  if (root.dataset.autorun) run();
})();
