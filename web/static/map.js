// The map page: the network where it is, drawn with Leaflet over Natural Earth's country shapes
// (both served by the app: no tiles, nothing fetched from elsewhere). Three levels by zoom:
// countries, places (cities), organizations; ties between them as arcs whose width is the number
// of joint activities. A click on an organization opens the same side panel as the network page.
// Every name from the data is put in the page as text (textContent, DOM nodes), never as HTML.
(function () {
  "use strict";

  const COUNTRY_ZOOM = 4;  // below: one marker per country
  const PLACE_ZOOM = 7;  // below: one marker per city; from it on: organizations
  const MAX_ORGANIZATION_TIES = 400;  // drawn at the closest level, among the organizations in sight
  const MIN_LABELLED = 9;  // px: a smaller marker of a crowded level shows its count in its tooltip only
  const messages = JSON.parse(document.getElementById("messages").textContent);
  let data = JSON.parse(document.getElementById("map-data").textContent);
  const numbers = new Intl.NumberFormat(document.documentElement.lang || "en");
  const panel = document.getElementById("panel");
  const state = { selected: null, drawn: false, level: null, layers: null };
  window.partnernetMap = state;

  function t(key) { return messages[key] || key; }
  function fill(key, values) {
    return t(key).replace(/\{(\w+)\}/g, function (whole, name) { return name in values ? String(values[name]) : whole; });
  }
  function text(tag, content, className) {
    const e = document.createElement(tag);
    e.textContent = content;
    if (className) e.className = className;
    return e;
  }

  const map = L.map("map", { preferCanvas: true, zoomSnap: 0.5, minZoom: 1, maxZoom: 12, worldCopyJump: true });
  state.map = map;
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(t("attribution"));
  const renderer = L.canvas({ padding: 0.5 });

  fetch(document.getElementById("map").dataset.shapes || "/static/vendor/countries.geojson")
    .then(function (r) { return r.json(); })
    .then(function (shapes) {
      L.geoJSON(shapes, {
        renderer: renderer, interactive: false,
        style: { color: "#a9a39a", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1 },
      }).addTo(map).bringToBack();
      state.shapes = true;
      draw(true);
    });

  function colourOf(row) {
    if (data.colour === "hub") {
      if (row.hub && row.hub <= data.palette.hubs.length) return data.palette.hubs[row.hub - 1];
      return data.palette.no_hub;
    }
    return data.palette.roles[row.role] || "#777";
  }

  function radius(count, most) {
    return 5 + 22 * Math.sqrt(count / Math.max(most, 1));
  }

  // A gentle arc from a to b: a quadratic curve bending to the left of the straight line.
  function arc(a, b) {
    const dx = b[1] - a[1];
    const dy = b[0] - a[0];
    const c = [(a[0] + b[0]) / 2 + dx * 0.18, (a[1] + b[1]) / 2 - dy * 0.18];
    const points = [];
    for (let i = 0; i <= 16; i++) {
      const s = i / 16;
      points.push([(1 - s) * (1 - s) * a[0] + 2 * (1 - s) * s * c[0] + s * s * b[0],
        (1 - s) * (1 - s) * a[1] + 2 * (1 - s) * s * c[1] + s * s * b[1]]);
    }
    return points;
  }

  // Organizations of one place stand on a small spiral around it (they share the city's coordinates).
  function spread(rows) {
    const byPlace = {};
    rows.forEach(function (o) {
      const key = o.lat + "," + o.lon;
      (byPlace[key] = byPlace[key] || []).push(o);
    });
    Object.keys(byPlace).forEach(function (key) {
      const group = byPlace[key];
      group.forEach(function (o, i) {
        const r = i ? 0.012 * Math.sqrt(i) : 0;
        const angle = i * 2.39996;
        o.at = [o.lat + r * Math.sin(angle), o.lon + r * Math.cos(angle) / Math.cos(o.lat * Math.PI / 180)];
      });
    });
    return rows;
  }

  function label(row, name) {
    const box = document.createElement("div");
    box.appendChild(text("strong", name));
    box.appendChild(document.createElement("br"));
    box.appendChild(document.createTextNode(fill("organizations", { n: numbers.format(row.organizations) })));
    if (row.inside) {
      box.appendChild(document.createElement("br"));
      box.appendChild(document.createTextNode(fill("inside", { n: numbers.format(row.inside) })));
    }
    return box;
  }

  function placeName(row) {
    return row.city ? row.city + " (" + (row.country_name || row.country || "") + ")" : (row.country_name || row.country || "?");
  }

  function ties(list, at, names, thin) {
    const most = Math.max(1, ...list.map(function (tie) { return tie[2]; }));
    const layer = L.layerGroup();
    list.forEach(function (tie) {
      const a = at[tie[0]];
      const b = at[tie[1]];
      if (!a || !b) return;
      const line = L.polyline(arc(a, b), {
        renderer: renderer, color: "#3b6a8f", opacity: thin ? 0.22 : 0.45,
        weight: thin ? 0.6 + 3 * Math.sqrt(tie[2] / most) : 1 + 7 * Math.sqrt(tie[2] / most),
        className: "arc",
      });
      line.bindTooltip(function () {  // made when shown: thousands of lines, a few tooltips read
        return text("span", fill("arc", { a: names[tie[0]], b: names[tie[1]], n: numbers.format(tie[2]) }));
      }, { sticky: true });
      layer.addLayer(line);
    });
    return layer;
  }

  function groups(rows, tieList) {
    const most = Math.max(1, ...rows.map(function (r) { return r.organizations; }));
    const at = {};
    const names = {};
    const markers = L.layerGroup();
    const biggestFirst = rows.slice().sort(function (a, b) { return b.organizations - a.organizations; });
    biggestFirst.forEach(function (row) {  // the small ones drawn last, on top of the big ones
      at[row.key] = [row.lat, row.lon];
      names[row.key] = placeName(row);
      const size = radius(row.organizations, most);
      const marker = L.circleMarker([row.lat, row.lon], {
        renderer: renderer, radius: size, color: "#ffffff", weight: 1.5,
        fillColor: data.colour === "hub" ? "#6f7c85" : colourOf(row), fillOpacity: 0.85,
      });
      marker.bindTooltip(function () { return label(row, names[row.key]); }, { direction: "top" });
      marker.on("click", function () {
        map.setView([row.lat, row.lon], Math.max(map.getZoom() + 2, row.city ? PLACE_ZOOM : COUNTRY_ZOOM));
      });
      markers.addLayer(marker);
      if (size < MIN_LABELLED && rows.length > 50) return;  // a number only where it fits (Horizon Europe: 10,000 cities)
      const count = L.marker([row.lat, row.lon], {
        interactive: false,
        icon: L.divIcon({ className: "map-count", html: text("span", numbers.format(row.organizations)), iconSize: null }),
      });
      markers.addLayer(count);
    });
    return L.layerGroup([ties(tieList, at, names), markers]);
  }

  function organizations() {
    const rows = spread(data.organizations.slice());
    const most = Math.max(1, ...rows.map(function (o) { return o.strength || 0; }));
    const at = {};
    const names = {};
    const markers = L.layerGroup();
    rows.forEach(function (o) {
      at[o.id] = o.at;
      names[o.id] = o.short_name || o.name;
      const marker = L.circleMarker(o.at, {
        renderer: renderer, radius: 4 + 12 * Math.sqrt((o.strength || 0) / most), color: "#ffffff", weight: 1,
        fillColor: colourOf(o), fillOpacity: 0.9,
      });
      marker.bindTooltip(function () {
        const tip = document.createElement("div");
        tip.appendChild(text("strong", o.name));
        tip.appendChild(document.createElement("br"));
        tip.appendChild(document.createTextNode([o.city, o.country].filter(Boolean).join(", ")));
        if (!o.exact) tip.appendChild(text("em", " · " + t("approximate")));
        return tip;
      }, { direction: "top" });
      marker.on("click", function () { select(o.id); });
      markers.addLayer(marker);
    });
    // The strongest ties of the organizations in sight only: the view's thousands of ties would hide the map.
    const sight = map.getBounds().pad(0.1);
    const near = data.ties.organizations.filter(function (tie) {
      return (at[tie[0]] && sight.contains(at[tie[0]])) || (at[tie[1]] && sight.contains(at[tie[1]]));
    }).sort(function (a, b) { return b[2] - a[2]; }).slice(0, MAX_ORGANIZATION_TIES);
    return L.layerGroup([ties(near, at, names, true), markers]);
  }

  function levelOf(zoom) {
    return zoom < COUNTRY_ZOOM ? "countries" : zoom < PLACE_ZOOM ? "places" : "organizations";
  }

  function draw(force) {
    const level = levelOf(map.getZoom());
    if (level === state.level && !force) return;
    if (state.layers) map.removeLayer(state.layers);
    state.layers = level === "countries" ? groups(data.countries, data.ties.countries)
      : level === "places" ? groups(data.places, data.ties.places) : organizations();
    state.layers.addTo(map);
    state.level = level;
    let markers = 0;
    state.layers.eachLayer(function (group) {
      group.eachLayer(function (layer) { if (layer instanceof L.CircleMarker) markers += 1; });
    });
    document.body.dataset.markers = String(markers);
    document.body.dataset.level = level;
    if (!state.drawn && state.shapes) {
      state.drawn = true;
      state.drawnAt = performance.now();
      document.body.dataset.drawn = "1";
    }
  }

  function frame() {
    const points = (data.places.length ? data.places : data.countries).map(function (p) { return [p.lat, p.lon]; });
    if (points.length) map.fitBounds(L.latLngBounds(points).pad(0.15), { maxZoom: 6 });
    else map.setView([20, 10], 2);
  }

  map.on("zoomend", function () { draw(false); });
  map.on("moveend", function () { if (state.level === "organizations") draw(true); });
  frame();
  if (state.shapes) draw(true);

  // -- side panel ---------------------------------------------------------------------
  const details = window.PartnerPanel({
    panel: panel, body: document.getElementById("panel-body"), numbers: numbers,
    current: function () { return state.selected; },
    select: function (id) { select(id); },
  });
  function select(id) {
    state.selected = id;
    details.open(id);
    const url = new URL(window.location.href);
    url.searchParams.set("selected", id);
    window.history.replaceState({}, "", url);
  }
  document.getElementById("panel-close").addEventListener("click", function () {
    state.selected = null;
    panel.hidden = true;
    const url = new URL(window.location.href);
    url.searchParams.delete("selected");
    window.history.replaceState({}, "", url);
  });
  const asked = new URL(window.location.href).searchParams.get("selected");
  if (asked) select(asked);

  // The filters' drawer of small screens: drawer.js.

  // -- years ------------------------------------------------------------------------------
  let yearAsked = 0;
  window.PartnerYears && window.PartnerYears({
    onChange: function () {
      const mine = ++yearAsked;
      const url = new URL(window.location.href);
      url.pathname = "/map.json";
      url.searchParams.delete("selected");
      return fetch(url, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (next) {
          if (mine !== yearAsked || next.error) return;
          data = next;
          document.getElementById("summary").textContent = fill("summary", {
            n: numbers.format(data.organizations_total), places: numbers.format(data.places.length),
            countries: numbers.format(data.countries.length),
          });
          draw(true);
        });
    },
  });
})();
