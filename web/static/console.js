// The analysts' console (runs Cypher through POST /console/run, shows a table and a graph) and the
// search of its query library (/library). Every value from the data goes into the page with
// textContent, never as HTML.

// -- the library: the search box filters the list as one types (the server does the same for ?q=) --
(function () {
  "use strict";

  const root = document.getElementById("library");
  if (!root) return;
  const box = document.getElementById("library-q");
  const count = document.getElementById("library-count");
  const none = document.getElementById("library-none");
  const items = Array.from(root.querySelectorAll("li[data-search]"));

  // as graph.text.fold: lower case, accents dropped
  function fold(text) { return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }

  function filter() {
    const words = fold(box.value).split(/\s+/).filter(Boolean);
    let shown = 0;
    items.forEach(function (li) {
      li.hidden = !words.every(function (w) { return li.dataset.search.includes(w); });
      if (!li.hidden) shown += 1;
    });
    root.querySelectorAll("section.library-group").forEach(function (section) {
      section.hidden = !section.querySelector("li[data-search]:not([hidden])");
    });
    count.textContent = root.dataset.count.replace("{shown}", shown).replace("{total}", items.length);
    none.hidden = shown > 0;
    const url = new URL(window.location.href);
    if (words.length) url.searchParams.set("q", box.value.trim()); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
  }

  box.addEventListener("input", filter);
  box.form.addEventListener("submit", function (event) { event.preventDefault(); filter(); });
})();

// -- the console -------------------------------------------------------------------------------
(function () {
  "use strict";

  const root = document.getElementById("console");
  if (!root) return;
  const editor = document.getElementById("cypher");
  const paramsBox = document.getElementById("params");
  const paramsWrap = document.getElementById("params-box");
  const savedForm = document.getElementById("saved-params");
  const savedName = document.getElementById("saved-name");
  const downloadCsv = document.getElementById("download-csv");
  const downloadJson = document.getElementById("download-json");
  const status = document.getElementById("status");
  const table = document.getElementById("results");
  const graphBox = document.getElementById("graph-box");
  const historyList = document.getElementById("history");
  const messages = JSON.parse(document.getElementById("console-messages").textContent);
  const HISTORY_KEY = "partnernet.console.history";
  const state = { last: null, network: null, done: 0, error: null, sent: 0 };
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
    // Text a spreadsheet would run as a formula (=, +, -, @, tab, CR first: OWASP "CSV injection")
    // is written after a ' so that it shows as text; numbers stay numbers.
    const safe = function (v) {
      const s = cell(v);
      return typeof v !== "number" && /^[=+\-@\t\r]/.test(s) ? "'" + s : s;
    };
    const quote = function (v) { const s = safe(v); return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; };
    return [data.columns.map(quote).join(",")].concat(data.rows.map(function (row) {
      return data.columns.map(function (c) { return quote(row[c]); }).join(",");
    })).join("\n") + "\n";
  }

  downloadCsv.addEventListener("click", function () {
    if (state.last) download("partnernet-query.csv", "text/csv", csv(state.last));
  });
  downloadJson.addEventListener("click", function () {
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
      const lines = item.cypher.split("\n").filter(function (l) { return !l.trim().startsWith("//"); });
      const a = el("a", lines.join(" ").slice(0, 140));  // a saved query's header left out
      a.href = "#";
      a.addEventListener("click", function (event) {
        event.preventDefault();
        ownQuery();
        editor.value = item.cypher;
        paramsBox.value = item.params;
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

  // -- a saved query's fields, or the analyst's own query with JSON parameters -------------------
  function savedValues() {
    const values = {};
    savedForm.querySelectorAll("[name^='p.']").forEach(function (f) { values[f.name.slice(2)] = f.value; });
    return values;
  }

  // what the fields say, as JSON (the server converts the same way, and says what is wrong)
  function typedValue(field) {
    const v = field.value.trim();
    const type = field.dataset.type;
    if (v === "" && (type !== "text" || field.dataset.nullable)) return null;
    if ((type === "integer" || type === "number") && v !== "" && !isNaN(Number(v))) return Number(v);
    if (type === "boolean") return v === "true";
    if (type === "list") return v.split(",").map(function (s) { return s.trim(); }).filter(Boolean);
    if (type === "json") { try { return JSON.parse(v); } catch (e) { return v; } }
    return v;
  }

  // editing a saved query's text makes it the analyst's own: its fields become JSON parameters
  function ownQuery() {
    if (!root.dataset.name) return;
    root.dataset.name = "";
    if (savedForm) {
      const values = {};
      savedForm.querySelectorAll("[name^='p.']").forEach(function (f) { values[f.name.slice(2)] = typedValue(f); });
      paramsBox.value = JSON.stringify(values);
      savedForm.hidden = true;
    }
    if (savedName) savedName.hidden = true;
    paramsWrap.hidden = false;
  }

  // -- run ----------------------------------------------------------------------
  // The table, the graph and the downloads always belong to the status line above them:
  // they are removed when a query starts and stay removed when it fails.
  function clearResult() {
    state.last = null;
    table.replaceChildren();
    graphBox.hidden = true;
    if (state.network) { state.network.destroy(); state.network = null; }
    state.graphNodes = 0;
    downloadCsv.disabled = true;
    downloadJson.disabled = true;
  }

  function fail(message) {
    clearResult();
    state.error = message;
    status.textContent = messages.error + " " + message;
    status.className = "summary notice";
    state.done += 1;
  }

  function run() {
    clearResult();
    state.error = null;
    const sent = ++state.sent;  // an answer to an earlier run that arrives late is dropped
    const body = {};
    if (root.dataset.name) {
      body.name = root.dataset.name;
      body.params = savedForm ? savedValues() : {};
    } else {
      try { body.params = JSON.parse(paramsBox.value.trim() || "{}"); } catch (e) {
        fail(messages.parameters + " " + e.message); return;
      }
      body.cypher = editor.value;
    }
    status.textContent = messages.running;
    status.className = "summary";
    fetch("/console/run", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": root.dataset.csrf },
      body: JSON.stringify(body),
    }).then(function (r) { return r.json(); }).then(function (data) {
      if (sent !== state.sent) return;
      if (data.error) { fail(data.error.message); return; }
      state.last = data;
      showTable(data);
      showGraph(data);
      status.textContent = data.row_count + " " + messages.rows + " · " + data.elapsed_ms + " ms · " + data.engine +
        (data.message ? " · " + data.message : "");
      downloadCsv.disabled = false;
      downloadJson.disabled = false;
      remember(editor.value, JSON.stringify(data.params));
      state.done += 1;
    }).catch(function (e) { if (sent === state.sent) fail(String(e)); });
  }

  editor.addEventListener("input", ownQuery);
  document.getElementById("run").addEventListener("click", run);
  if (savedForm) savedForm.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  [editor, paramsBox].forEach(function (box) {
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); run(); }
    });
  });
  if (savedForm) {  // Enter in a field runs the query (the form has no submit button of its own)
    Array.from(savedForm.elements).forEach(function (field) {
      field.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); run(); }
      });
    });
  }
  showHistory();
  if (root.dataset.autorun) run();
})();
