// The network page: draws the server's view with vis-network, search, side panel, expand.
// Every name from the data is put in the page with textContent, never as HTML.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("view-data").textContent);
  const messages = JSON.parse(document.getElementById("messages").textContent);
  const container = document.getElementById("network");
  const panel = document.getElementById("panel");
  const panelBody = document.getElementById("panel-body");

  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  const state = { network: network, nodes: nodes, edges: edges, drawn: false, drawnAt: null, selected: null };
  window.partnernet = state;

  network.once("afterDrawing", function () {
    state.drawn = true;
    state.drawnAt = performance.now();
    document.body.dataset.drawn = "1";
  });

  function fold(text) {
    return (text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function t(key) {
    return messages[key] || key;
  }

  function el(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (className) e.className = className;
    return e;
  }

  function setParam(name, value, push) {
    const url = new URL(window.location.href);
    if (value === null) url.searchParams.delete(name);
    else url.searchParams.set(name, value);
    if (url.href === window.location.href) return;
    if (push) window.history.pushState({}, "", url);
    else window.history.replaceState({}, "", url);
  }

  // -- side panel -------------------------------------------------------------
  function list(title, rows, describe) {
    const section = el("section");
    section.appendChild(el("h3", title + " (" + rows.length + ")"));
    if (!rows.length) {
      section.appendChild(el("p", t("none")));
      return section;
    }
    const ul = el("ul");
    rows.forEach(function (row) {
      const li = el("li");
      describe(li, row);
      ul.appendChild(li);
    });
    section.appendChild(ul);
    return section;
  }

  function orgLink(li, row, extra) {
    const a = el("a", row.display_name || row.name || row.id);
    a.href = "#";
    a.addEventListener("click", function (event) {
      event.preventDefault();
      select(row.id, true);
    });
    li.appendChild(a);
    if (extra) li.appendChild(document.createTextNode(" · " + extra));
  }

  function showDetails(id, info) {
    const o = info.organization;
    panelBody.replaceChildren();
    panelBody.appendChild(el("h2", o.display_name, "panel-title"));
    const facts = el("p", [
      (o.roles || []).map(function (r) { return t("role." + r); }).join(", "),
      o.country_display || o.country || "",
      o.city || "",
    ].filter(Boolean).join(" · "));
    panelBody.appendChild(facts);

    const actions = el("p", null, "actions");
    const expand = el("button", t("expand"));
    expand.type = "button";
    expand.id = "expand";
    expand.addEventListener("click", function () { expandNode(id); });
    actions.appendChild(expand);
    const page = el("a", t("open_page"));
    page.href = "/organizations/" + encodeURIComponent(id);
    actions.appendChild(document.createTextNode(" "));
    actions.appendChild(page);
    panelBody.appendChild(actions);

    if (info.expertise.length) {
      panelBody.appendChild(list(t("expertise"), info.expertise, function (li, e) {
        li.textContent = e.display_name + (e.level ? " (" + e.level + "/5)" : "");
      }));
    }
    const ties = el("section");
    ties.appendChild(el("h3", t("ties")));
    panelBody.appendChild(ties);
    panelBody.appendChild(list(t("partners"), info.ties.partners, function (li, r) {
      orgLink(li, r, r.shared + " " + t("shared"));
    }));
    ["agreement_partners", "parents", "members"].forEach(function (group) {
      if (info.ties[group].length) {
        panelBody.appendChild(list(t(group), info.ties[group], function (li, r) { orgLink(li, r, r.country); }));
      }
    });
    panelBody.appendChild(list(t("funders"), info.funders, function (li, r) {
      orgLink(li, r, r.projects + " " + t("projects").toLowerCase());
    }));
    const projects = info.projects.items;
    const more = info.projects.count > projects.length ? " · " + projects.length + " / " + info.projects.count : "";
    panelBody.appendChild(list(t("projects") + more, projects, function (li, p) {
      li.textContent = p.title + " · " + [p.start_year, p.end_year].filter(Boolean).join("–") +
        (p.funders.length ? " · " + p.funders.join(", ") : "");
    }));
    if (info.funded_projects.length) {
      panelBody.appendChild(list(t("funded_projects"), info.funded_projects, function (li, p) {
        li.textContent = p.title + " · " + (p.year || p.start_year || "");
      }));
    }
    const prov = el("section", null, "provenance");
    prov.appendChild(el("h3", t("provenance")));
    prov.appendChild(el("p", t("source") + ": " + (info.provenance.source || "")));
    prov.appendChild(el("p", t("imported_at") + ": " + (info.provenance.imported_at || "")));
    panelBody.appendChild(prov);
  }

  function openPanel(id) {
    panel.hidden = false;
    panelBody.replaceChildren(el("p", t("loading")));
    fetch("/organizations/" + encodeURIComponent(id) + ".json", { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (info) {
        if (state.selected !== id) return;
        if (info.error) panelBody.replaceChildren(el("p", info.error.message));
        else showDetails(id, info);
        panelBody.dataset.node = id;
      });
  }

  function select(id, push) {
    state.selected = id;
    if (nodes.get(id)) {
      network.selectNodes([id]);
      network.focus(id, { scale: Math.max(network.getScale(), 0.8), animation: false });
    } else {
      network.unselectAll();
    }
    openPanel(id);
    setParam("selected", id, push);
  }

  function closePanel(push) {
    state.selected = null;
    panel.hidden = true;
    network.unselectAll();
    setParam("selected", null, push);
  }

  document.getElementById("panel-close").addEventListener("click", function () { closePanel(true); });

  network.on("click", function (params) {
    if (params.nodes.length) select(params.nodes[0], true);
  });

  // -- expand -----------------------------------------------------------------
  function expandNode(id) {
    const pos = nodes.get(id) ? network.getPositions([id])[id] : { x: 0, y: 0 };
    const query = new URLSearchParams(window.location.search);
    ["selected", "highlight", "path", "lang", "max_nodes"].forEach(function (k) { query.delete(k); });
    query.set("node", id);
    query.set("x", pos.x);
    query.set("y", pos.y);
    fetch("/network/expand.json?" + query.toString(), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (more) {
        if (more.error) return;
        nodes.add(more.nodes.filter(function (n) { return !nodes.get(n.id); }));
        edges.add(more.edges.filter(function (e) {
          return !edges.get(e.id) && !edges.get(e.to + "|" + e.from) && nodes.get(e.from) && nodes.get(e.to);
        }));
        document.body.dataset.expanded = id;
      });
  }

  // -- search -----------------------------------------------------------------
  const form = document.querySelector("form.search");
  const input = document.getElementById("search-input");
  form.addEventListener("submit", function (event) {
    const q = fold(input.value.trim());
    if (!q) return;
    event.preventDefault();
    const words = q.split(/\s+/);
    const hits = nodes.get({
      filter: function (n) {
        const hay = fold(n.name + " " + n.label + " " + n.id);
        return words.every(function (w) { return hay.indexOf(w) >= 0; });
      },
    });
    if (hits.length) {
      hits.sort(function (a, b) { return (b.strength || 0) - (a.strength || 0); });
      const exact = hits.find(function (n) { return fold(n.label) === q || fold(n.name) === q; });
      select((exact || hits[0]).id, true);
      return;
    }
    fetch("/search.json?limit=1&q=" + encodeURIComponent(input.value.trim()))
      .then(function (r) { return r.json(); })
      .then(function (found) {
        if (found.results && found.results.length) {
          const url = new URL(window.location.href);
          url.searchParams.set("highlight", found.results[0].id);
          url.searchParams.set("selected", found.results[0].id);
          window.location.assign(url);
        } else {
          const summary = document.getElementById("summary");
          summary.textContent = t("no_results").replace("{q}", input.value.trim());
        }
      });
  });

  // -- state from the URL -------------------------------------------------------
  function fromUrl() {
    const id = new URL(window.location.href).searchParams.get("selected");
    if (id) select(id, false);
    else if (state.selected) closePanel(false);
  }
  window.addEventListener("popstate", fromUrl);
  fromUrl();
})();
