// Alliances: a treaty on a date (a slider over its life): members by status and participation,
// observers with their body, the membership timeline (hover a phase for its sources and
// confidence) and the parties at their capitals joined by the duties they owe each other.
import { api, debounce, el, field, remember, showError, table } from "./api.js";
import { placeMap, s, STATUS_COLOURS } from "./plot.js";

const DAY = 86400000;
// Dates known only to the month or year ("1966-07", "1966") are drawn from their first day.
const toDay = (iso) => Date.parse(iso.padEnd(10, "-01-01".slice(iso.length - 4)) + "T00:00:00Z") / DAY;
const toIso = (d) => new Date(d * DAY).toISOString().slice(0, 10);

export async function render(root, query) {
  const treaties = await api("/api/treaties");
  const pick = el("select", { name: "treaty" }, treaties.map((t) => el("option", { value: t.treaty }, `${t.treaty}: ${t.name}`)));
  pick.value = query.get("treaty") || "CSTO";
  const slider = el("input", { type: "range", name: "day", min: 0, max: 1, step: 1, style: "width: 28rem" });
  const date = el("input", { type: "date", name: "on" });
  const out = el("div", { id: "answer" });
  const timelineBox = el("div", { class: "card" });
  const detail = el("div", { id: "detail", class: "note" }, "Hover a bar of the timeline for the phase, its sources and confidence.");
  root.append(
    el("h1", {}, "Alliances"),
    el("p", { class: "lead" }, "Who held which standing in a treaty on a day, how each took part, and the duties to assist that bind them (from the knowledge base, every fact sourced)."),
    el("form", { class: "query", onsubmit: (e) => e.preventDefault() }, field("Treaty", pick), field("Date", date), field("Over the treaty's life", slider)),
    out, el("h2", {}, "Timeline"), timelineBox, detail);

  let life = null;
  let sources = {};
  const show = debounce(() => answer(), 150);

  async function loadTreaty() {
    const tl = await api("/api/timeline", { params: { treaty: pick.value } });
    sources = await api("/api/sources", { params: { treaty: pick.value } });
    const first = tl.signed || tl.entered_into_force || tl.parties.flatMap((p) => p.phases.map((x) => x.start)).filter(Boolean).sort()[0];
    const last = tl.ended || tl.until;
    life = { tl, a: toDay(first), b: toDay(last) };
    slider.min = 0;
    slider.max = life.b - life.a;
    const wanted = query.get("on") && query.get("treaty") === pick.value ? query.get("on") : null;
    const day = wanted ? toDay(wanted) : Math.min(life.b, Math.max(life.a, toDay("2016-09-01")));
    slider.value = day - life.a;
    date.value = toIso(day);
    date.min = first;
    date.max = last;
  }

  async function answer() {
    const on = date.value;
    remember("alliances", { treaty: pick.value, on });
    timelineBox.replaceChildren(timeline(life.tl, on, sources, detail));
    try {
      const [rows, net] = await Promise.all([
        api("/api/members", { params: { treaty: pick.value, on } }),
        api("/api/network", { params: { treaty: pick.value, on } }),
      ]);
      out.replaceChildren(...members(rows, sources), ...network(net));
    } catch (err) {
      showError(out, err);
    }
  }

  pick.addEventListener("change", async () => {
    try { await loadTreaty(); show(); } catch (err) { showError(out, err); }
  });
  slider.addEventListener("input", () => { date.value = toIso(life.a + Number(slider.value)); show(); });
  date.addEventListener("change", () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date.value)) return showError(out, "date: expected a day, YYYY-MM-DD");
    slider.value = toDay(date.value) - life.a;
    show();
  });
  await loadTreaty();
  await answer();
}

function sourceList(ids, sources) {
  return el("span", {}, (ids || []).map((id, k) => {
    const src = sources[id];
    const link = src && src.url ? el("a", { href: src.url, title: `${src.title} (${src.kind})`, rel: "noreferrer" }, id) : el("span", { title: src ? src.title : "" }, id);
    return [k ? ", " : "", link];
  }));
}

function members(rows, sources) {
  if (!rows.length) return [el("p", { class: "note" }, "Nobody holds a standing in this treaty on that date.")];
  const byStatus = {};
  for (const r of rows) (byStatus[r.status] ||= []).push(r);
  const out = [el("h2", {}, `Parties on ${rows[0] ? "the date" : ""}`)];
  for (const [status, list] of Object.entries(byStatus)) {
    out.push(el("h3", { class: "status", "data-status": status }, `${status} (${list.length})`));
    out.push(table(["who", "participation", "holds", "since", "until", "body", "confidence", "sources"], list, (r, c) => {
      if (c === "who") return r.state || r.entity;
      if (c === "sources") return sourceList(r.source, sources);
      if (c === "holds") return String(r.holds);
      return r[c];
    }));
  }
  return out;
}

function network(net) {
  const colour = { must: "#0072B2", maybe: "#E69F00" };
  const nodes = net.nodes.map((n) => ({
    id: n.state, lat: n.lat, lon: n.lon, label: n.state,
    colour: n.participation !== "full" ? "#E69F00" : STATUS_COLOURS[n.status] || "#999",
    tip: `${n.name} (${n.capital}): ${n.status}, ${n.participation}`,
  }));
  const seen = new Set();
  const links = [];
  for (const e of net.edges) {
    const key = [e.victim, e.helper].sort().join("-");
    if (seen.has(key + e.duty)) continue;
    seen.add(key + e.duty);
    links.push({ a: e.victim, b: e.helper, colour: colour[e.duty], dash: e.duty === "maybe" ? "4 3" : null, tip: `${e.helper} ${e.duty} assist ${e.victim} (${e.treaties.join(", ")})` });
  }
  return [
    el("h2", {}, "Parties at their capitals"),
    el("div", { class: "legend" }, el("span", { style: "--c:#0072B2" }, "must assist (line) / member"), el("span", { style: "--c:#E69F00" }, "may have to assist (dashed) / not fully taking part"), el("span", { style: "--c:#CC79A7" }, "observer")),
    el("div", { class: "card", id: "network" }, placeMap(nodes, links, { title: `${net.treaty} on ${net.on}` })),
    el("p", { class: "note" }, [...net.assumptions, net.unplaced.length ? `not placed (no present-day capital): ${net.unplaced.join(", ")}` : null].filter(Boolean).join("; ")),
  ];
}

function timeline(tl, on, sources, detail) {
  const parties = tl.parties;
  const a = Math.min(...parties.flatMap((p) => p.phases.map((x) => x.start && toDay(x.start)).filter((x) => x != null)), toDay(tl.signed || tl.until));
  const b = toDay(tl.ended || tl.until);
  const width = 980, row = 16, left = 110, height = 30 + row * parties.length;
  const X = (d) => left + ((d - a) / (b - a || 1)) * (width - left - 10);
  const svg = s("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", id: "timeline" });
  for (let y = new Date(a * DAY).getUTCFullYear() + 1; y <= new Date(b * DAY).getUTCFullYear(); y++) {
    if (y % 5) continue;
    const x = X(toDay(`${y}-01-01`));
    svg.append(s("line", { x1: x, x2: x, y1: 16, y2: height, stroke: "#eceff2" }), s("text", { x, y: 12, "text-anchor": "middle", class: "muted" }, String(y)));
  }
  parties.forEach((p, i) => {
    const y = 20 + i * row;
    svg.append(s("text", { x: left - 6, y: y + 11, "text-anchor": "end" }, p.state || p.entity));
    for (const ph of p.phases) {
      const x0 = X(ph.start ? toDay(ph.start) : a), x1 = X(ph.end ? toDay(ph.end) : b);
      const words = `${p.state || p.entity}: ${ph.status} ${ph.start || "?"} to ${ph.end || "now"}; confidence ${ph.confidence}; sources ${ph.source.map((id) => sources[id] ? `${id} (${sources[id].title})` : id).join("; ")}${ph.note ? "; " + ph.note : ""}${ph.body ? "; body " + ph.body : ""}`;
      const bar = s("rect", { class: "phase", x: x0, y, width: Math.max(2, x1 - x0), height: row - 4, fill: STATUS_COLOURS[ph.status] || "#999", opacity: ph.confidence === "verified" ? 1 : 0.65, "data-status": ph.status }, s("title", {}, words));
      bar.addEventListener("mouseenter", () => { detail.textContent = words; });
      svg.append(bar);
    }
    for (const part of p.participation || []) {
      const x0 = X(part.start ? toDay(part.start) : a), x1 = X(part.end ? toDay(part.end) : b);
      const words = `${p.state}: takes part ${part.mode} ${part.start || "?"} to ${part.end || "now"}; confidence ${part.confidence}; sources ${part.source.join(", ")}${part.note ? "; " + part.note : ""}`;
      const band = s("rect", { x: x0, y: y + row - 8, width: Math.max(2, x1 - x0), height: 3, fill: "#E69F00" }, s("title", {}, words));
      band.addEventListener("mouseenter", () => { detail.textContent = words; });
      svg.append(band);
    }
  });
  const x = X(toDay(on));
  svg.append(s("line", { id: "on-marker", x1: x, x2: x, y1: 14, y2: height, stroke: "#b00020", "stroke-width": 1.5 }));
  return svg;
}
