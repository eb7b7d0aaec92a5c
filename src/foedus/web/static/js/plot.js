// Figures drawn in the page as SVG or canvas: no plotting library is fetched from anywhere.
const NS = "http://www.w3.org/2000/svg";
// Okabe & Ito (2008), colour-blind-safe.
export const COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];
export const STATUS_COLOURS = {
  member: "#0072B2", signatory: "#56B4E9", suspended: "#D55E00", observer: "#CC79A7",
  partner: "#999999", associate: "#009E73", withdrawn: "#cccccc", contested: "#F0E442",
};

export function s(tag, attrs, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) node.setAttribute(k, v);
  for (const c of children.flat()) if (c !== undefined && c !== null) node.append(c);
  return node;
}

const tip = (text) => s("title", {}, text);

function linear(d0, d1, r0, r1) {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

function ticks(lo, hi, n = 5) {
  const step0 = (hi - lo) / n || 1;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((x) => x >= step0);
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(+v.toPrecision(12));
  return out;
}

function frame(width, height, title) {
  const svg = s("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img" });
  if (title) svg.append(s("text", { x: width / 2, y: 14, "text-anchor": "middle", "font-weight": 600 }, title));
  return svg;
}

// Bars with 95% intervals, in groups: data = [{group, label, value, low, high, colour}].
export function bars(data, { title = "", ylabel = "", ymax = null, width = 640, height = 300 } = {}) {
  const svg = frame(width, height, title);
  const m = { l: 48, r: 10, t: 26, b: 70 };
  const top = ymax ?? Math.max(1e-9, ...data.map((d) => Math.max(d.high ?? d.value ?? 0, d.value ?? 0)));
  const y = linear(0, top, height - m.b, m.t);
  const key = (d) => d.group ?? d.label; // ungrouped bars stand alone, each with its label
  const groups = [...new Set(data.map(key))];
  const gw = (width - m.l - m.r) / Math.max(groups.length, 1);
  const axis = s("g", { class: "axis" });
  for (const t of ticks(0, top)) {
    axis.append(s("line", { x1: m.l, x2: width - m.r, y1: y(t), y2: y(t), stroke: "#e3e7eb" }),
      s("text", { x: m.l - 4, y: y(t) + 4, "text-anchor": "end" }, String(t)));
  }
  axis.append(s("text", { x: 12, y: m.t + (height - m.t - m.b) / 2, transform: `rotate(-90 12 ${m.t + (height - m.t - m.b) / 2})`, "text-anchor": "middle" }, ylabel));
  svg.append(axis);
  groups.forEach((g, gi) => {
    const mine = data.filter((d) => key(d) === g);
    const bw = Math.min(40, (gw - 8) / Math.max(mine.length, 1));
    const x0 = m.l + gi * gw + (gw - bw * mine.length) / 2;
    mine.forEach((d, k) => {
      const x = x0 + k * bw;
      const v = d.value ?? 0;
      const text = `${d.group ? d.group + " · " : ""}${d.label}: ${fmt(d.value)}` +
        (d.low != null ? ` [${fmt(d.low)}, ${fmt(d.high)}]` : "") + (d.n != null ? ` (n = ${d.n})` : "");
      svg.append(s("rect", { class: "bar", x: x + 1, y: y(v), width: bw - 2, height: Math.max(0, y(0) - y(v)), fill: d.colour || COLOURS[k % COLOURS.length] }, tip(text)));
      if (d.low != null && d.high != null) {
        const cx = x + bw / 2;
        svg.append(s("path", { class: "interval", d: `M${cx},${y(d.low)}V${y(d.high)}M${cx - 4},${y(d.low)}h8M${cx - 4},${y(d.high)}h8`, stroke: "#222", fill: "none" }, tip(text)));
      }
    });
    const label = String(g);
    const lx = m.l + gi * gw + gw / 2;
    svg.append(s("text", { x: lx, y: height - m.b + 14, "text-anchor": "end", transform: `rotate(-35 ${lx} ${height - m.b + 14})` }, label));
  });
  return svg;
}

function fmt(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return "n/a";
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(3);
}

// Lines (and points) on linear or log10 axes: series = [{name, xs, ys, colour, points, dash}].
export function lines(series, { title = "", xlabel = "", ylabel = "", logx = false, logy = false, width = 560, height = 300 } = {}) {
  const svg = frame(width, height, title);
  const m = { l: 56, r: 12, t: 26, b: 40 };
  const tx = logx ? Math.log10 : (v) => v;
  const ty = logy ? Math.log10 : (v) => v;
  const xs = series.flatMap((d) => d.xs.filter((v) => v != null && (!logx || v > 0)).map(tx));
  const ys = series.flatMap((d) => d.ys.filter((v) => v != null && (!logy || v > 0)).map(ty));
  if (!xs.length || !ys.length) {
    svg.append(s("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "muted" }, "nothing to draw"));
    return svg;
  }
  let [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  if (x0 === x1) { x0 -= 1; x1 += 1; }
  if (y0 === y1) { y0 -= 1; y1 += 1; }
  const X = linear(x0, x1, m.l, width - m.r);
  const Y = linear(y0, y1, height - m.b, m.t);
  const axis = s("g", { class: "axis" });
  for (const t of ticks(x0, x1)) axis.append(s("text", { x: X(t), y: height - m.b + 14, "text-anchor": "middle" }, logx ? `10^${+t.toFixed(2)}` : String(t)));
  for (const t of ticks(y0, y1)) {
    axis.append(s("line", { x1: m.l, x2: width - m.r, y1: Y(t), y2: Y(t), stroke: "#e3e7eb" }),
      s("text", { x: m.l - 4, y: Y(t) + 4, "text-anchor": "end" }, logy ? `10^${+t.toFixed(2)}` : String(t)));
  }
  axis.append(s("text", { x: (m.l + width - m.r) / 2, y: height - 6, "text-anchor": "middle" }, xlabel),
    s("text", { x: 12, y: (m.t + height - m.b) / 2, transform: `rotate(-90 12 ${(m.t + height - m.b) / 2})`, "text-anchor": "middle" }, ylabel));
  svg.append(axis);
  series.forEach((d, k) => {
    const colour = d.colour || COLOURS[k % COLOURS.length];
    const pts = d.xs.map((x, i) => [x, d.ys[i]]).filter(([x, yv]) => x != null && yv != null && (!logx || x > 0) && (!logy || yv > 0));
    if (d.points) {
      const g = s("g", { class: "points", fill: colour }, tip(d.name));
      for (const [x, yv] of pts) g.append(s("circle", { cx: X(tx(x)), cy: Y(ty(yv)), r: 2.2 }));
      svg.append(g);
    } else {
      svg.append(s("path", { class: "line", d: pts.map(([x, yv], i) => `${i ? "L" : "M"}${X(tx(x)).toFixed(1)},${Y(ty(yv)).toFixed(1)}`).join(""), stroke: colour, fill: "none", "stroke-width": 1.6, "stroke-dasharray": d.dash || null }, tip(d.name)));
    }
  });
  const legend = s("g", {});
  series.forEach((d, k) => legend.append(s("text", { x: width - m.r - 4, y: m.t + 12 + 13 * k, "text-anchor": "end", fill: d.colour || COLOURS[k % COLOURS.length] }, d.name)));
  svg.append(legend);
  return svg;
}

// A stable colour per state id (golden-angle hues), for maps of many states.
export function stateColour(id) {
  const h = (id * 137.508) % 360;
  return `hsl(${h.toFixed(0)} 55% ${55 + (id % 3) * 8}%)`;
}

// A square-cell map (GeoSim): cells[y * nx + x] = owner.
export function gridMap(canvas, cells, nx, ny, scale = 6) {
  canvas.width = nx * scale;
  canvas.height = ny * scale;
  const ctx = canvas.getContext("2d");
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      ctx.fillStyle = stateColour(cells[y * nx + x]);
      ctx.fillRect(x * scale, y * scale, scale, scale);
    }
  }
}

// A hexagonal map in odd-r layout (EARTH): cells[r * cols + c] = owner.
export function hexMap(canvas, cells, rows, cols, size = 12) {
  const w = Math.sqrt(3) * size;
  canvas.width = Math.ceil(w * (cols + 0.5)) + 2;
  canvas.height = Math.ceil(size * (1.5 * rows + 0.5)) + 2;
  const ctx = canvas.getContext("2d");
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const cx = w * (c + 0.5 + (r % 2) * 0.5) + 1;
      const cy = size * (1 + 1.5 * r) + 1;
      ctx.beginPath();
      for (let k = 0; k < 6; k++) {
        const a = (Math.PI / 3) * k + Math.PI / 6;
        ctx.lineTo(cx + size * Math.cos(a), cy + size * Math.sin(a));
      }
      ctx.closePath();
      ctx.fillStyle = stateColour(cells[r * cols + c]);
      ctx.fill();
      ctx.strokeStyle = "#fff";
      ctx.stroke();
    }
  }
}

// States at their capitals (equirectangular, scaled to the states' box): nodes [{id, lat, lon,
// colour, label, tip}], links [{a, b, colour, dash, tip, arrow}].
export function placeMap(nodes, links, { width = 560, height = 360, title = "" } = {}) {
  const svg = frame(width, height, title);
  if (!nodes.length) return svg;
  svg.append(s("defs", {}, s("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 16, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse" }, s("path", { d: "M0,0L10,5L0,10z", fill: "#555" }))));
  const lats = nodes.map((n) => n.lat), lons = nodes.map((n) => n.lon);
  const pad = 3;
  const [la0, la1, lo0, lo1] = [Math.min(...lats) - pad, Math.max(...lats) + pad, Math.min(...lons) - pad, Math.max(...lons) + pad];
  const k = Math.cos(((la0 + la1) / 2) * Math.PI / 180);
  const sx = (width - 40) / ((lo1 - lo0) * k), sy = (height - 50) / (la1 - la0);
  const sc = Math.min(sx, sy);
  const X = (lon) => 20 + (lon - lo0) * k * sc + (width - 40 - (lo1 - lo0) * k * sc) / 2;
  const Y = (lat) => 30 + (la1 - lat) * sc;
  const at = Object.fromEntries(nodes.map((n) => [n.id, [X(n.lon), Y(n.lat)]]));
  for (const l of links) {
    if (!at[l.a] || !at[l.b]) continue;
    svg.append(s("line", { class: "link", x1: at[l.a][0], y1: at[l.a][1], x2: at[l.b][0], y2: at[l.b][1], stroke: l.colour || "#8896a5", "stroke-width": l.width || 1.2, "stroke-dasharray": l.dash || null, "marker-end": l.arrow ? "url(#arrow)" : null, opacity: 0.75 }, l.tip ? tip(l.tip) : null));
  }
  for (const n of nodes) {
    const [x, y] = at[n.id];
    svg.append(s("g", { class: "node", "data-state": n.id },
      s("circle", { cx: x, cy: y, r: n.r || 7, fill: n.colour || "#0072B2", stroke: "#fff", "stroke-width": 1.5 }),
      s("text", { x: x + 9, y: y + 4 }, n.label || n.id),
      n.tip ? tip(n.tip) : null));
  }
  return svg;
}
