// The network page: draws the server's view with vis-network; hub regions and labels drawn on the
// canvas; focus on what the URL asked for; search, side panel, expand, the filters' drawer.
// Every name from the data is put in the page with textContent, never as HTML (canvas text is text).
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("view-data").textContent);
  const extra = JSON.parse(document.getElementById("view-extra").textContent);
  const messages = JSON.parse(document.getElementById("messages").textContent);
  const container = document.getElementById("network");
  const panel = document.getElementById("panel");
  const panelBody = document.getElementById("panel-body");
  const numbers = new Intl.NumberFormat(extra.lang || document.documentElement.lang || "en");

  // Labels are drawn by this page (see "labels" below), not by vis-network: it keeps them in `caption`.
  data.nodes.forEach(function (n) {
    n.caption = n.label || n.name || n.id;
    delete n.label;
  });
  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  const state = {
    network: network, nodes: nodes, edges: edges, drawn: false, drawnAt: null, selected: null,
    regions: [], labels: [], regionLabels: [], focus: null, hovered: null,
    initial: { nodes: nodes.length, edges: edges.length },
  };
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

  // A message with {name} placeholders filled in (the template left them for this script).
  function fill(key, values) {
    return t(key).replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? String(values[name]) : whole;
    });
  }

  function fmt(n) {
    return numbers.format(n);
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

  function strongestFirst(a, b) {
    return (b.strength || 0) - (a.strength || 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  }

  // -- hub regions --------------------------------------------------------------
  // Each hub with members drawn is a soft area: the convex hull of its members (outliers left
  // out), padded by their size, filled with the hub's colour and named at its top.
  function convexHull(points) {
    points.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    function cross(o, a, b) { return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]); }
    function half(list) {
      const out = [];
      list.forEach(function (p) {
        while (out.length >= 2 && cross(out[out.length - 2], out[out.length - 1], p) <= 0) out.pop();
        out.push(p);
      });
      out.pop();
      return out;
    }
    return half(points).concat(half(points.slice().reverse()));
  }

  function median(values) {
    const s = values.slice().sort(function (a, b) { return a - b; });
    return s.length ? s[Math.floor(s.length / 2)] : 0;
  }

  function regionShape(region, positions) {
    const members = region.members.filter(function (id) { return positions[id] && nodes.get(id); });
    if (members.length < 3) return null;
    const mx = median(members.map(function (id) { return positions[id].x; }));
    const my = median(members.map(function (id) { return positions[id].y; }));
    const far = members.map(function (id) { return Math.hypot(positions[id].x - mx, positions[id].y - my); });
    const reach = 2.5 * median(far) + 1;
    let core = members.filter(function (id, i) { return far[i] <= reach; });
    if (core.length < 3) core = members;
    const ring = [];
    core.forEach(function (id) {
      const r = (nodes.get(id).size || 10) + 18;
      for (let k = 0; k < 12; k++) {
        const a = (Math.PI * 2 * k) / 12;
        ring.push([positions[id].x + r * Math.cos(a), positions[id].y + r * Math.sin(a)]);
      }
    });
    const polygon = convexHull(ring);
    let area = 0, top = polygon[0];
    polygon.forEach(function (p, i) {
      const q = polygon[(i + 1) % polygon.length];
      area += p[0] * q[1] - q[0] * p[1];
      if (p[1] < top[1]) top = p;
    });
    const cx = core.reduce(function (s, id) { return s + positions[id].x; }, 0) / core.length;
    return {
      id: region.id, name: region.name, colour: region.colour, members: members, core: core,
      polygon: polygon, area: Math.abs(area) / 2, anchor: { x: cx, y: top[1] },
    };
  }

  function computeRegions() {
    const positions = network.getPositions();
    state.regions = (extra.regions || []).map(function (r) { return regionShape(r, positions); }).filter(Boolean);
  }

  function rgba(hex, alpha) {
    const v = parseInt(hex.slice(1), 16);
    return "rgba(" + (v >> 16) + "," + ((v >> 8) & 255) + "," + (v & 255) + "," + alpha + ")";
  }

  function darker(hex) {
    const v = parseInt(hex.slice(1), 16);
    const c = [v >> 16, (v >> 8) & 255, v & 255].map(function (x) { return Math.round(x * 0.55); });
    return "rgb(" + c.join(",") + ")";
  }

  function inPolygon(point, polygon) {
    let inside = false;
    for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
      const a = polygon[i], b = polygon[j];
      if ((a[1] > point.y) !== (b[1] > point.y) &&
          point.x < ((b[0] - a[0]) * (point.y - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
    }
    return inside;
  }

  // The region under a point of the canvas: its name first, then the smallest area holding it.
  function regionAt(canvasPoint, domPoint) {
    const named = state.regionLabels.find(function (l) {
      return domPoint.x >= l.x && domPoint.x <= l.x + l.w && domPoint.y >= l.y && domPoint.y <= l.y + l.h;
    });
    if (named) return named.region;
    const holding = state.regions.filter(function (r) { return inPolygon(canvasPoint, r.polygon); });
    holding.sort(function (a, b) { return a.area - b.area; });
    return holding.length ? holding[0] : null;
  }

  network.on("beforeDrawing", function (ctx) {
    const scale = network.getScale();
    const focusHub = state.focus && state.focus.kind === "hub" ? extra.hub : null;
    state.regions.forEach(function (r) {
      const faint = state.focus && r.id !== focusHub;
      ctx.beginPath();
      r.polygon.forEach(function (p, i) { if (i) ctx.lineTo(p[0], p[1]); else ctx.moveTo(p[0], p[1]); });
      ctx.closePath();
      ctx.fillStyle = rgba(r.colour, faint ? 0.03 : 0.13);
      ctx.fill();
      ctx.lineWidth = 1.5 / scale;
      ctx.strokeStyle = rgba(r.colour, faint ? 0.12 : 0.4);
      ctx.stroke();
    });
  });

  // -- labels ---------------------------------------------------------------------
  // Drawn over the nodes at a size on screen that does not change with the zoom: from LABEL_MIN px
  // (the weakest) to LABEL_MAX px (the strongest). The strongest come first and each takes a place
  // beside its node where it covers no other label; the rest appear as zooming in makes room, and
  // the node under the mouse or selected is always named. Hub names are placed before them.
  // LABEL_ALWAYS strongest compete for a place at any zoom, the others when their node is LABEL_RADIUS px
  // wide on screen; at most one label per LABEL_AREA px² of the canvas.
  const LABEL_ALWAYS = 12, LABEL_RADIUS = 5, LABEL_AREA = 16000;
  const LABEL_MIN = 12, LABEL_MAX = 18, REGION_PX = 15, FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  const widths = {};
  let order = [], top = 1;

  function sortNodes() {
    const all = nodes.get();
    top = Math.max(1, ...all.map(function (n) { return n.strength || 0; }));
    order = all.sort(strongestFirst).map(function (n) { return n.id; });
  }

  function labelPx(node) {
    return Math.round(LABEL_MIN + (LABEL_MAX - LABEL_MIN) * Math.sqrt(Math.min(1, (node.strength || 0) / top)));
  }

  function textWidth(ctx, text, px, weight) {
    const key = weight + "|" + text;
    if (!(key in widths)) {
      ctx.font = weight + " 100px " + FONT;
      widths[key] = ctx.measureText(text).width;
    }
    return (widths[key] * px) / 100;
  }

  // Boxes placed on screen, in a grid of cells for quick overlap checks.
  function Boxes() {
    this.cells = new Map();
  }
  Boxes.prototype.keys = function (b) {
    const out = [];
    for (let i = Math.floor(b.x / 64); i <= Math.floor((b.x + b.w) / 64); i++) {
      for (let j = Math.floor(b.y / 64); j <= Math.floor((b.y + b.h) / 64); j++) out.push(i + "," + j);
    }
    return out;
  };
  Boxes.prototype.free = function (b, own, bigOnly) {
    return this.keys(b).every(function (k) {
      return !(this.cells.get(k) || []).some(function (o) {
        return (own === undefined || o.id !== own) && (!bigOnly || o.big) && b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h;
      });
    }, this);
  };
  Boxes.prototype.add = function (b) {
    this.keys(b).forEach(function (k) {
      if (!this.cells.has(k)) this.cells.set(k, []);
      this.cells.get(k).push(b);
    }, this);
  };

  function halo(ctx, text, x, y, colour) {
    ctx.lineJoin = "round";
    ctx.lineWidth = 4;
    ctx.strokeStyle = "rgba(255,255,255,0.92)";
    ctx.strokeText(text, x, y);
    ctx.fillStyle = colour;
    ctx.fillText(text, x, y);
  }

  function drawLabels(ctx) {
    const ratio = network.canvas.pixelRatio || 1;
    const width = container.clientWidth, height = container.clientHeight;
    const scale = network.getScale();
    const view = network.getViewPosition();
    function toDom(p) { return { x: (p.x - view.x) * scale + width / 2, y: (p.y - view.y) * scale + height / 2 }; }
    const boxes = new Boxes();
    const labels = [], regionLabels = [];
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textBaseline = "top";

    state.regions.forEach(function (r) {
      const at = toDom(r.anchor);
      // a long name on a narrow canvas: smaller (down to LABEL_MIN px), then cut with "…"
      let text = r.name, px = REGION_PX, w = textWidth(ctx, text, px, "700");
      if (w > width - 10) {
        px = Math.max(LABEL_MIN, Math.floor((px * (width - 10)) / w));
        w = textWidth(ctx, text, px, "700");
        while (w > width - 10 && text.length > 4) {
          text = text.slice(0, -2) + "…";
          w = textWidth(ctx, text, px, "700");
        }
      }
      const box = { x: at.x - w / 2 - 3, y: at.y - px - 8, w: w + 6, h: px + 6 };
      box.x = Math.max(2, Math.min(width - box.w - 2, box.x));
      box.y = Math.max(2, Math.min(height - box.h - 2, box.y));
      if (at.x < 0 || at.x > width || at.y < -40 || at.y > height + 40 || !boxes.free(box)) return;
      boxes.add(box);
      ctx.font = "700 " + px + "px " + FONT;
      const faint = state.focus && !(state.focus.kind === "hub" && r.id === extra.hub);
      halo(ctx, text, box.x + 3, box.y + 3, faint ? rgba(r.colour, 0.6) : darker(r.colour));
      regionLabels.push({ region: r, x: box.x, y: box.y, w: box.w, h: box.h, px: px, text: text });
    });

    const positions = network.getPositions();
    const budget = Math.max(LABEL_ALWAYS, Math.round((width * height) / LABEL_AREA));
    // nodes are obstacles too: a label covers no node but its own (dots under 2 px excepted)
    const discs = new Boxes();
    Object.keys(positions).forEach(function (id) {
      const r = ((nodes.get(id) || {}).size || 10) * scale;
      if (r < 2) return;
      const at = toDom(positions[id]);
      if (at.x + r < 0 || at.x - r > width || at.y + r < 0 || at.y - r > height) return;
      // big or focused nodes matter more: a strong label may cover a small dot, not them
      const big = state.focus ? state.focus.keep.has(id) : r >= 8;
      discs.add({ x: at.x - r, y: at.y - r, w: 2 * r, h: 2 * r, id: id, big: big });
    });
    function inside(b) {
      return b.x >= 0 && b.y >= 0 && b.x + b.w <= width && b.y + b.h <= height;
    }
    function clear(b, own, bigOnly) {
      return inside(b) && boxes.free(b) && discs.free(b, own, bigOnly);
    }
    const first = [state.hovered, state.selected].filter(function (id) { return id && positions[id]; });
    const focused = state.focus ? order.filter(function (id) { return state.focus.keep.has(id); }) : [];
    const rest = state.focus ? [] : order;
    const seen = new Set();
    first.concat(focused, rest).forEach(function (id) {
      if (seen.has(id) || labels.length >= 250) return;
      seen.add(id);
      const node = nodes.get(id);
      if (!node || !positions[id]) return;
      const forced = first.indexOf(id) >= 0;
      const at = toDom(positions[id]);
      const radius = (node.size || 10) * scale;
      // the strongest always compete for a place; the others once the zoom makes their node big enough
      if (!forced && !state.focus && labels.length >= LABEL_ALWAYS && radius < LABEL_RADIUS) return;
      if (!forced && labels.length >= budget) return;
      if (at.x + radius < 0 || at.x - radius > width || at.y + radius < 0 || at.y - radius > height) return;
      const px = labelPx(node);
      const weight = px >= 16 ? "600" : "400";
      const w = textWidth(ctx, node.caption, px, weight) + 4, h = px + 4;
      // right, left, above, below the node, then at its corners, then a little farther out
      const places = [];
      [radius + 3, radius + 3 + h].forEach(function (gap) {
        const corner = gap * 0.7;
        places.push(
          { x: at.x + gap, y: at.y - h / 2 }, { x: at.x - gap - w, y: at.y - h / 2 },
          { x: at.x - w / 2, y: at.y - gap - h }, { x: at.x - w / 2, y: at.y + gap },
          { x: at.x + corner, y: at.y - corner - h }, { x: at.x + corner, y: at.y + corner },
          { x: at.x - corner - w, y: at.y - corner - h }, { x: at.x - corner - w, y: at.y + corner });
      });
      // a place that covers no label nor node; else (in a focus, or for the strongest) one that
      // covers no label nor big or focused node; else, for the strongest, one that covers no label
      const strong = labels.length < LABEL_ALWAYS;
      const passes = ["all", "big", "labels"].slice(0, strong ? 3 : state.focus ? 2 : 1);
      let box = null;
      for (const pass of passes) {
        for (const p of places) {
          const b = { x: p.x, y: p.y, w: w, h: h };
          const padded = { x: b.x - 3, y: b.y - 2, w: b.w + 6, h: b.h + 4 };
          const ok = pass === "labels" ? inside(padded) && boxes.free(padded) : clear(padded, id, pass === "big");
          if (ok) { box = b; break; }
        }
        if (box) break;
      }
      if (!box && forced) box = { x: places[0].x, y: places[0].y, w: w, h: h };
      if (!box) return;
      boxes.add(box);
      labels.push({ id: id, x: box.x, y: box.y, w: w, h: h, px: px, weight: weight,
        node: { x: at.x, y: at.y, r: radius } });
    });
    labels.forEach(function (l) {
      ctx.font = l.weight + " " + l.px + "px " + FONT;
      halo(ctx, nodes.get(l.id).caption, l.x + 2, l.y + 2, "#1c2833");
    });
    ctx.restore();
    state.labels = labels;
    state.regionLabels = regionLabels;
  }

  // What a focus keeps is drawn again over the dimmed rest (vis-network draws nodes in data order).
  function drawFocusOnTop(ctx) {
    if (!state.focus || state.focus.ids.length > 400) return;
    const body = network.body;
    state.focus.edges.forEach(function (id) { if (body.edges[id]) body.edges[id].draw(ctx); });
    state.focus.ids.forEach(function (id) { if (body.nodes[id]) body.nodes[id].draw(ctx); });
  }

  network.on("afterDrawing", function (ctx) {
    drawFocusOnTop(ctx);
    drawLabels(ctx);
  });
  network.on("hoverNode", function (params) { state.hovered = params.node; network.redraw(); });
  network.on("blurNode", function () { state.hovered = null; network.redraw(); });
  network.on("dragEnd", function (params) { if (params.nodes.length) computeRegions(); });

  // -- focus: what the URL asked for, framed, the rest dimmed ----------------------------
  const colours = {};

  function pale(colour) {
    const hex = typeof colour === "string" ? colour : (colour && colour.background) || "#b3b6b7";
    const v = parseInt(hex.slice(1), 16);
    const c = [v >> 16, (v >> 8) & 255, v & 255].map(function (x) { return Math.round(x + (255 - x) * 0.85); });
    return "rgb(" + c.join(",") + ")";
  }

  function frame(ids) {
    network.fit({ nodes: ids, animation: false, maxZoomLevel: 1 });
  }

  function focusOn(ids, kind, title) {
    const keep = new Set(ids.filter(function (id) { return nodes.get(id); }));
    if (!keep.size) return;
    unfocus(false);
    state.focus = { kind: kind, ids: Array.from(keep), keep: keep, edges: [] };
    state.focus.edges = edges.getIds({ filter: function (e) { return keep.has(e.from) && keep.has(e.to); } });
    nodes.update(nodes.get({ filter: function (n) { return !keep.has(n.id); } }).map(function (n) {
      colours[n.id] = n.color;
      return { id: n.id, color: { background: pale(n.color), border: pale(n.color) } };
    }));
    edges.update(edges.get({ filter: function (e) { return !(keep.has(e.from) && keep.has(e.to)); } }).map(function (e) {
      colours["edge " + e.id] = e.color;
      return { id: e.id, color: "#eff0f0" };
    }));
    frame(state.focus.ids);
    if (title) {
      const heading = document.getElementById("view-title");
      heading.textContent = title;
      heading.hidden = false;
    }
    document.getElementById("show-everything").hidden = false;
    document.body.dataset.focus = kind;
  }

  function unfocus(fit) {
    if (!state.focus) return;
    state.focus = null;
    nodes.update(Object.keys(colours).filter(function (k) { return k.indexOf("edge ") !== 0 && nodes.get(k); })
      .map(function (id) { return { id: id, color: colours[id] }; }));
    edges.update(Object.keys(colours).filter(function (k) { return k.indexOf("edge ") === 0 && edges.get(k.slice(5)); })
      .map(function (k) { return { id: k.slice(5), color: colours[k] }; }));
    Object.keys(colours).forEach(function (k) { delete colours[k]; });
    document.getElementById("show-everything").hidden = true;
    delete document.body.dataset.focus;
    if (fit) network.fit({ animation: false });
  }

  document.getElementById("show-everything").addEventListener("click", function () { unfocus(true); });

  function focusFromUrl(selected) {
    const asked = extra.focus;
    if (asked && asked.ids && asked.ids.length) {
      let ids = asked.ids;
      const drawn = ids.filter(function (id) { return nodes.get(id); });
      if (asked.kind === "highlight" && drawn.length === 1) {
        ids = ids.concat(network.getConnectedNodes(drawn[0]));  // one organization: with its partners
      } else if (asked.kind === "highlight" && drawn.length === 2) {
        // two (a recommendation): with the partners they have in common, the reason for it
        const other = new Set(network.getConnectedNodes(drawn[1]));
        ids = ids.concat(network.getConnectedNodes(drawn[0]).filter(function (id) { return other.has(id); }));
      }
      focusOn(ids, asked.kind, null);
    } else if (selected && nodes.get(selected)) {
      focusOn([selected].concat(network.getConnectedNodes(selected)), "selected",
        fill("focus_selected", { name: nodes.get(selected).name }));
    }
  }

  // -- side panel (panel.js) ---------------------------------------------------
  const details = window.PartnerPanel({
    panel: panel, body: panelBody, numbers: numbers,
    current: function () { return state.selected; },
    select: function (id) { select(id, true); },
    expand: function (id) { expandNode(id); },
  });

  // On a small screen the panel covers the bottom of the picture: the node goes in the middle of the rest.
  const narrow = window.matchMedia("(max-width: 48rem)");

  function select(id, push) {
    state.selected = id;
    if (nodes.get(id)) {
      network.selectNodes([id]);
      let shift = 0;
      if (narrow.matches) {  // the panel grows to its max-height (a share of the window) once filled
        const box = container.getBoundingClientRect();
        const top = window.innerHeight - parseFloat(getComputedStyle(panel).maxHeight || "0");
        shift = (box.top + Math.min(top, box.bottom)) / 2 - (box.top + box.bottom) / 2;
      }
      if (!state.focus || !state.focus.keep.has(id) || shift) {
        const scale = state.focus && state.focus.keep.has(id) ? network.getScale() : Math.max(network.getScale(), 0.8);
        network.focus(id, { scale: scale, offset: { x: 0, y: shift }, animation: false });
      }
    } else {
      network.unselectAll();
    }
    details.open(id);
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
    if (params.nodes.length) {
      select(params.nodes[0], true);
      return;
    }
    if (params.edges.length) return;
    const region = regionAt(params.pointer.canvas, params.pointer.DOM);
    if (region) window.location.assign("/hubs/" + encodeURIComponent(region.id));
  });

  container.addEventListener("mousemove", function (event) {
    const box = container.getBoundingClientRect();
    const dom = { x: event.clientX - box.left, y: event.clientY - box.top };
    const region = network.getNodeAt(dom) === undefined ? regionAt(network.DOMtoCanvas(dom), dom) : null;
    container.style.cursor = region ? "pointer" : "";
    container.title = region ? fill("open_hub", { n: region.id, name: region.name }) : "";
  });

  // -- expand -----------------------------------------------------------------
  // New neighbours go to the nearest free places around the expanded node: none closer to
  // another node than the sum of their sizes and a gap, so nothing covers anything.
  const GAP = 6;

  function sizeOf(strength) {
    const all = data.nodes;
    const least = Math.min.apply(null, all.map(function (n) { return n.size || 8; }));
    const most = Math.max.apply(null, all.map(function (n) { return n.size || 8; }));
    const strongest = Math.max(1, Math.max.apply(null, all.map(function (n) { return n.strength || 0; })));
    return Math.round(10 * (least + (most - least) * Math.sqrt(Math.min(1, strength / strongest)))) / 10;
  }

  function place(centre, added) {
    const placed = [];
    const positions = network.getPositions();
    Object.keys(positions).forEach(function (id) {
      placed.push({ x: positions[id].x, y: positions[id].y, r: nodes.get(id).size || 10 });
    });
    function free(x, y, r) {
      return placed.every(function (p) { return Math.hypot(p.x - x, p.y - y) >= p.r + r + GAP; });
    }
    const centreSize = (nodes.get(centre.id) && nodes.get(centre.id).size) || 10;
    added.forEach(function (n) {
      const r = n.size;
      for (let ring = 0; ring < 400; ring++) {
        const radius = centreSize + r + GAP + ring * (r + GAP);
        const steps = Math.max(6, Math.floor((2 * Math.PI * radius) / (2 * r + GAP)));
        for (let k = 0; k < steps; k++) {
          const a = (2 * Math.PI * k) / steps + ring * 0.37;
          const x = centre.x + radius * Math.cos(a), y = centre.y + radius * Math.sin(a);
          if (free(x, y, r)) {
            n.x = Math.round(x * 10) / 10;
            n.y = Math.round(y * 10) / 10;
            placed.push({ x: n.x, y: n.y, r: r });
            return;
          }
        }
      }
    });
  }

  function showExpanded() {
    const added = fill("expanded", {
      nodes: fmt(nodes.length - state.initial.nodes), ties: fmt(edges.length - state.initial.edges),
    });
    const note = document.getElementById("expanded-count");
    note.textContent = added;
    note.hidden = false;
  }

  function expandNode(id) {
    const pos = nodes.get(id) ? network.getPositions([id])[id] : { x: 0, y: 0 };
    const query = new URLSearchParams(window.location.search);
    ["selected", "highlight", "path", "lang", "max_nodes", "hub", "color"].forEach(function (k) { query.delete(k); });
    query.set("node", id);
    query.set("x", pos.x);
    query.set("y", pos.y);
    const button = document.getElementById("expand");
    if (button) { button.disabled = true; button.setAttribute("aria-busy", "true"); }
    fetch("/network/expand.json?" + query.toString(), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .finally(function () {
        if (button) { button.disabled = false; button.removeAttribute("aria-busy"); }
      })
      .then(function (more) {
        if (more.error) return;
        const added = more.nodes.filter(function (n) { return !nodes.get(n.id); }).map(function (n) {
          n.caption = n.label || n.name || n.id;
          delete n.label;
          n.size = sizeOf(n.strength || 0);
          return n;
        });
        added.sort(strongestFirst);
        place({ id: id, x: pos.x, y: pos.y }, added);
        nodes.add(added);
        edges.add(more.edges.filter(function (e) {
          return !edges.get(e.id) && !edges.get(e.to + "|" + e.from) && nodes.get(e.from) && nodes.get(e.to);
        }));
        if (state.focus) added.forEach(function (n) { state.focus.keep.add(n.id); });
        sortNodes();
        showExpanded();
        network.redraw();
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
        const hay = fold(n.name + " " + n.caption + " " + n.id);
        return words.every(function (w) { return hay.indexOf(w) >= 0; });
      },
    });
    if (hits.length) {
      hits.sort(strongestFirst);
      const exact = hits.find(function (n) { return fold(n.caption) === q || fold(n.name) === q; });
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

  // The filters' drawer of small screens: drawer.js.

  // -- while the next view is computed ---------------------------------------------
  // A new filter combination can take a moment on a large network: the old picture is
  // dimmed and a counter says the view is being computed, until the new page replaces it.
  function computing() {
    if (document.body.dataset.computing === "1") return;
    document.body.dataset.computing = "1";
    const box = document.querySelector(".network-box");
    const status = el("div", t("computing"));
    status.className = "computing";
    status.id = "computing";
    status.setAttribute("role", "status");
    box.appendChild(status);
    const started = Date.now();
    const tick = setInterval(function () {
      if (document.body.dataset.computing !== "1") return clearInterval(tick);
      status.textContent = t("computing") + " " + Math.round((Date.now() - started) / 1000) + " s";
    }, 1000);
    document.querySelectorAll("#filters button, #filters input[type=submit]").forEach(function (b) { b.disabled = true; });
  }
  document.getElementById("filters").addEventListener("submit", function () { computing(); });
  document.addEventListener("click", function (event) {
    const link = event.target.closest && event.target.closest("a[href]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const url = new URL(link.href, window.location.href);
    if (url.origin === window.location.origin && url.pathname === "/network") computing();
  });
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    delete document.body.dataset.computing;
    const status = document.getElementById("computing");
    if (status) status.remove();
    document.querySelectorAll("#filters button, #filters input[type=submit]").forEach(function (b) { b.disabled = false; });
  });

  // -- state from the URL -------------------------------------------------------
  function fromUrl() {
    const id = new URL(window.location.href).searchParams.get("selected");
    if (id) select(id, false);
    else if (state.selected) closePanel(false);
  }
  window.addEventListener("popstate", fromUrl);

  // -- years --------------------------------------------------------------------
  // The year control asks the server for the same view in other years, with the first drawing's stretch
  // (`spread`): the organizations that stay keep their places, the others appear and fade.
  let yearAsked = 0;

  // A notice of the page's head (id) says `text`, or is hidden when there is nothing to say.
  function notice(id, text) {
    let p = document.getElementById(id);
    if (!p && !text) return;
    if (!p) {
      p = el("p", null, "notice");
      p.id = id;
      document.getElementById("summary").after(p);
    }
    p.textContent = text || "";
    p.hidden = !text;
  }

  function showYears(view) {
    const keep = new Set(view.nodes.map(function (n) { return n.id; }));
    const gone = nodes.getIds({ filter: function (n) { return !keep.has(n.id); } });
    nodes.remove(gone);
    const fresh = [];
    const staying = [];
    view.nodes.forEach(function (n) {
      n.caption = n.label || n.name || n.id;
      delete n.label;
      const was = nodes.get(n.id);
      if (was) {
        delete n.x;
        delete n.y;
        if (was.size !== n.size || was.strength !== n.strength || was.title !== n.title) staying.push(n);
      } else {
        n.opacity = 0.35;
        fresh.push(n);
      }
    });
    nodes.update(staying);
    nodes.add(fresh);
    const ties = new Set(view.edges.map(function (e) { return e.id; }));
    edges.remove(edges.getIds({ filter: function (e) { return !ties.has(e.id); } }));
    edges.update(view.edges.filter(function (e) {  // only what changed: each update costs the drawing
      const was = edges.get(e.id);
      return !was || was.value !== e.value || was.title !== e.title;
    }));
    extra.regions = (view.regions || []).filter(function (r) { return r.region; });
    data.nodes = nodes.get();
    sortNodes();
    computeRegions();
    const summary = document.getElementById("summary");
    summary.textContent = fill("summary", {
      shown: fmt(view.shown - view.outside_filters), total: fmt(view.total), ties: fmt(view.ties),
      total_ties: fmt(view.total_ties),
    });
    document.getElementById("empty")?.remove();
    notice("left-out", view.left_out && fill("left_out", {
      left_out: fmt(view.left_out), shown: fmt(view.shown), max_nodes: fmt(view.max_nodes),
    }));
    notice("ties-left-out", view.ties_left_out && fill("ties_left_out", { ties_left_out: fmt(view.ties_left_out) }));
    const query = new URL(window.location.href).searchParams;
    query.delete("selected");
    document.querySelectorAll("#exports a").forEach(function (a) {  // the downloads follow the years shown
      const target = new URL(a.href);
      target.search = query.toString();
      a.href = target.href;
    });
    return new Promise(function (resolve) {
      network.once("afterDrawing", function () {
        resolve();
        if (fresh.length) {
          window.setTimeout(function () {
            nodes.update(fresh.filter(function (n) { return nodes.get(n.id); }).map(function (n) {
              return { id: n.id, opacity: 1 };
            }));
          }, 250);
        }
      });
      network.redraw();
    });
  }

  window.PartnerYears && window.PartnerYears({
    onChange: function () {
      const asked = ++yearAsked;
      const url = new URL(window.location.href);
      url.pathname = "/network.json";
      url.searchParams.set("spread", String(data.spread || 1));
      url.searchParams.delete("selected");
      return fetch(url, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (view) {
          if (asked !== yearAsked || view.error) return null;
          return showYears(view);
        });
    },
  });

  sortNodes();
  computeRegions();
  focusFromUrl(new URL(window.location.href).searchParams.get("selected"));
  fromUrl();
})();
