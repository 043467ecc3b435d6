// The side panel of an organization, shared by the network page and the map: what
// /organizations/<id>.json says (facts, expertise, ties, funders, projects, provenance).
// Every name from the data is put in the page with textContent, never as HTML.
//
//   const details = PartnerPanel({panel, body, numbers, current, select, expand});
//   details.open(id);
//
// Its words are in the page's #panel-messages (template _panel.html). `current()` is the organization selected now (a late answer for another one is dropped),
// `select(id)` opens another organization (links in the lists), `expand(id)` (optional) adds an
// "Expand" button.
(function () {
  "use strict";

  window.PartnerPanel = function (config) {
    const body = config.body;
    const messages = JSON.parse(document.getElementById("panel-messages").textContent);

    function t(key) { return messages[key] || key; }
    function fmt(n) { return config.numbers.format(n); }
    function fill(key, values) {
      return t(key).replace(/\{(\w+)\}/g, function (whole, name) {
        return name in values ? String(values[name]) : whole;
      });
    }
    function el(tag, text, className) {
      const e = document.createElement(tag);
      if (text !== undefined && text !== null) e.textContent = String(text);
      if (className) e.className = className;
      return e;
    }

    function list(title, rows, describe, total, more) {
      const section = el("section");
      const counted = total !== undefined && total > rows.length
        ? fill("of", { shown: fmt(rows.length), total: fmt(total) }) : fmt(rows.length);
      section.appendChild(el("h3", title + " (" + counted + ")"));
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
      if (total !== undefined && total > rows.length && more) {
        const all = el("button", fill("show_all", { n: fmt(total) }), "show-all");
        all.type = "button";
        all.addEventListener("click", more);
        section.appendChild(all);
      }
      return section;
    }

    function orgLink(li, row, extraText) {
      const a = el("a", row.display_name || row.name || row.id);
      a.href = "#";
      a.addEventListener("click", function (event) {
        event.preventDefault();
        config.select(row.id);
      });
      li.appendChild(a);
      if (extraText) li.appendChild(document.createTextNode(" · " + extraText));
    }

    function facts(id, o) {
      body.appendChild(el("h2", o.display_name, "panel-title"));
      body.appendChild(el("p", [
        (o.roles || []).map(function (r) { return t("role." + r); }).join(", "),
        o.country_display || o.country || "",
        o.city || "",
      ].filter(Boolean).join(" · ")));
      const actions = el("p", null, "actions");
      if (config.expand) {
        const expand = el("button", t("expand"));
        expand.type = "button";
        expand.id = "expand";
        expand.addEventListener("click", function () { config.expand(id); });
        actions.appendChild(expand);
        actions.appendChild(document.createTextNode(" "));
      }
      const page = el("a", t("open_page"));
      page.href = "/organizations/" + encodeURIComponent(id);
      actions.appendChild(page);
      body.appendChild(actions);
    }

    function show(id, info) {
      const counts = info.counts || {};
      const longest = Math.max(counts.partners || 0, counts.agreement_partners || 0, counts.projects || 0,
        counts.funded_projects || 0);
      function more() { open(id, Math.min(longest, 10000)); }
      body.replaceChildren();
      facts(id, info.organization);
      if (info.expertise.length) {
        body.appendChild(list(t("expertise"), info.expertise, function (li, e) {
          li.textContent = e.display_name + (e.level ? " (" + e.level + "/5)" : "");
        }));
      }
      const ties = el("section");
      ties.appendChild(el("h3", t("ties")));
      body.appendChild(ties);
      body.appendChild(list(t("partners"), info.ties.partners, function (li, r) {
        orgLink(li, r, fmt(r.shared) + " " + t("shared"));
      }, counts.partners, more));
      ["agreement_partners", "parents", "members"].forEach(function (group) {
        if (info.ties[group].length) {
          body.appendChild(list(t(group), info.ties[group], function (li, r) { orgLink(li, r, r.country); },
            counts[group], more));
        }
      });
      body.appendChild(list(t("funders"), info.funders, function (li, r) {
        orgLink(li, r, fmt(r.projects) + " " + t("projects").toLowerCase());
      }));
      body.appendChild(list(t("projects"), info.projects.items, function (li, p) {
        li.textContent = p.title + " · " + [p.start_year, p.end_year].filter(Boolean).join("–") +
          (p.funders.length ? " · " + p.funders.join(", ") : "");
      }, info.projects.count, more));
      if (info.funded_projects.length) {
        body.appendChild(list(t("funded_projects"), info.funded_projects, function (li, p) {
          li.textContent = p.title + " · " + (p.year || p.start_year || "");
        }, counts.funded_projects, more));
      }
      const prov = el("section", null, "provenance");
      prov.appendChild(el("h3", t("provenance")));
      prov.appendChild(el("p", t("source") + " " + (info.provenance.source || "")));
      prov.appendChild(el("p", t("imported_at") + " " + (info.provenance.imported_at || "")));
      body.appendChild(prov);
    }

    function open(id, limit) {
      config.panel.hidden = false;
      body.replaceChildren(el("p", t("loading")));
      const query = limit ? "?limit=" + limit : "";
      fetch("/organizations/" + encodeURIComponent(id) + ".json" + query, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (info) {
          if (config.current() !== id) return;
          if (info.error) body.replaceChildren(el("p", info.error.message));
          else show(id, info);
          body.dataset.node = id;
          body.dataset.limit = limit || "";
        });
    }

    return { open: open };
  };
})();
