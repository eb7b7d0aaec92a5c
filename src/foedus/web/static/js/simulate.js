// Simulate: a model, its parameters (a form made from the model's JSON Schema, with the documented
// ranges), one seeded run; the map over time, the war-size distribution and its fit, and for
// alliance runs which members honoured their duty and which abandoned it.
import { api, el, field, format, remember, showError, table } from "./api.js";
import { bars, gridMap, hexMap, lines } from "./plot.js";

const FRAMES = 40;

export async function render(root, query) {
  const models = await api("/api/models");
  const pick = el("select", { name: "model" }, models.map((m) => el("option", { value: m.name }, `${m.name} (${m.version})`)));
  pick.value = query.get("model") || "geosim";
  const seed = el("input", { name: "seed", type: "number", value: query.get("seed") || 1, min: 0, step: 1, style: "width: 7rem" });
  const paramsBox = el("div", { class: "params", id: "params" });
  const cite = el("p", { class: "note" });
  const run = el("button", { type: "submit", id: "run" }, "Run");
  const out = el("div", { id: "result" });
  const form = el("form", { novalidate: true }, el("div", { class: "query" }, field("Model", pick), field("Seed", seed), run), cite,
    el("details", { id: "params-box" }, el("summary", {}, "Parameters (documented ranges; changed values are sent)"), paramsBox));
  root.append(el("h1", {}, "Simulate"), el("p", { class: "lead" }, "One seeded run of a model. The server checks every value with the same rules as the command line and bounds the size of a run."), form, out);

  let schema = null;
  let stopAnimation = () => {};
  const given = JSON.parse(query.get("params") || "{}");

  async function loadModel() {
    const m = models.find((x) => x.name === pick.value);
    cite.textContent = m ? `${m.citation || ""}` : "";
    const p = await api(`/api/models/${pick.value}/params`);
    schema = p;
    const props = Object.entries(p.schema.properties);
    paramsBox.replaceChildren(...props.map(([name, prop]) => input(name, prop, given[name] ?? p.defaults[name])));
    form.querySelector("#params-box").open = props.length <= 40 || Object.keys(given).length > 0;
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    stopAnimation();
    const params = changed(paramsBox, schema.defaults);
    remember("simulate", { model: pick.value, seed: seed.value, params: JSON.stringify(params) });
    out.replaceChildren(el("p", { class: "note" }, "running..."));
    run.disabled = true;
    try {
      const body = { params, seed: Number(seed.value), tables: true, frames: pick.value === "geosim" ? FRAMES : 0 };
      const r = await api(`/api/models/${pick.value}/run`, { body });
      stopAnimation = draw(out, r);
    } catch (err) {
      showError(out, err);
    } finally {
      run.disabled = false;
    }
  });
  pick.addEventListener("change", () => loadModel().catch((err) => showError(out, err)));
  await loadModel();
  return () => stopAnimation();
}

function input(name, prop, value) {
  const hint = [prop.description, range(prop)].filter(Boolean).join(" · ");
  let node;
  if (prop.enum) {
    node = el("select", { name }, prop.enum.map((v) => el("option", { value: v }, v)));
    node.value = value;
  } else if (prop.type === "boolean") {
    node = el("input", { name, type: "checkbox", checked: !!value });
  } else if (prop.type === "integer" || prop.type === "number") {
    node = el("input", { name, type: "number", value, step: prop.type === "integer" ? 1 : "any", min: prop.minimum ?? prop.exclusiveMinimum, max: prop.maximum ?? prop.exclusiveMaximum });
  } else if (prop.type === "string") {
    node = el("input", { name, value: value ?? "" });
  } else {
    return el("div", { class: "field" }, name, el("span", { class: "hint" }, `${prop.description || ""} (set it in a world file, on the command line)`));
  }
  node.dataset.kind = prop.enum ? "enum" : prop.type;
  return field(prop.title || name, node, hint);
}

function range(prop) {
  const lo = prop.minimum ?? prop.exclusiveMinimum, hi = prop.maximum ?? prop.exclusiveMaximum;
  if (lo === undefined && hi === undefined) return "";
  const left = prop.exclusiveMinimum !== undefined ? "(" : "[";
  const right = prop.exclusiveMaximum !== undefined ? ")" : "]";
  return `range ${left}${lo ?? "-∞"}, ${hi ?? "∞"}${right}`;
}

// The values that differ from the defaults; a number field's text is sent as typed if it is not a
// number, so the server's message names it.
function changed(box, defaults) {
  const out = {};
  for (const node of box.querySelectorAll("[name]")) {
    const name = node.name;
    let v;
    if (node.dataset.kind === "boolean") v = node.checked;
    else if (node.dataset.kind === "integer" || node.dataset.kind === "number") v = node.value === "" ? node.value : Number(node.value);
    else v = node.value;
    if (v !== defaults[name]) out[name] = v;
  }
  return out;
}

function draw(out, r) {
  const t = r.tables;
  const parts = [el("h2", {}, `${r.model} ${r.version}, seed ${r.seed}`)];
  const summary = Object.entries(r.summary).map(([k, v]) => ({ measure: k, value: v }));
  let stop = () => {};
  const figures = el("div", { class: "grid2" });
  if (r.maps) {
    const { nx, ny } = r.params;
    const canvas = el("canvas", { class: "map", id: "map" });
    const scrub = el("input", { type: "range", min: 0, max: r.maps.length - 1, value: r.maps.length - 1, id: "scrubber", style: "width: 100%" });
    const label = el("span", { class: "note", id: "frame-label" });
    const play = el("button", { type: "button", class: "secondary" }, "Play");
    const show = (k) => { gridMap(canvas, r.maps[k].cells, nx, ny, Math.max(2, Math.floor(360 / Math.max(nx, ny)))); label.textContent = `t = ${r.maps[k].t} (${new Set(r.maps[k].cells).size} states)`; };
    let timer = null;
    stop = () => { clearInterval(timer); timer = null; play.textContent = "Play"; };
    play.addEventListener("click", () => {
      if (timer) return stop();
      play.textContent = "Pause";
      if (Number(scrub.value) >= r.maps.length - 1) scrub.value = 0;
      timer = setInterval(() => {
        const k = Number(scrub.value) + 1;
        if (k >= r.maps.length) return stop();
        scrub.value = k;
        show(k);
      }, 150);
    });
    scrub.addEventListener("input", () => show(Number(scrub.value)));
    show(r.maps.length - 1);
    figures.append(el("div", { class: "card" }, el("strong", {}, "The map over time"), el("div", {}, canvas), scrub, el("div", {}, play, " ", label)));
  } else if (t.territory && r.params.rows) {
    const canvas = el("canvas", { class: "map", id: "map" });
    hexMap(canvas, t.territory.columns.state, r.params.rows, r.params.cols, 14);
    figures.append(el("div", { class: "card" }, el("strong", {}, "The final map"), el("div", {}, canvas)));
  }
  if (t.series) {
    const sr = t.series.columns;
    figures.append(el("div", { class: "card" }, lines([{ name: "states", xs: sr.t, ys: sr.states }], { title: "Sovereign states", xlabel: "period", ylabel: "states" })));
  }
  if (t.wars && t.wars.rows) figures.append(el("div", { class: "card", id: "war-sizes" }, warSizes(t.wars.columns.severity, r.summary)));
  parts.push(figures);
  if (t.cohort && r.params.alliance_setup && r.params.alliance_setup !== "none") parts.push(...alliance(t.cohort.columns));
  if (t.states && t.states.columns.treaty_joined) {
    const st = t.states.columns;
    const rows = st.state.map((s, i) => ({ state: s, died_t: st.died_t[i], attacked: st.attacked[i], joined: st.joined[i], treaty_joined: st.treaty_joined[i], helped: st.helped[i] })).filter((x) => x.treaty_joined > 0 || x.helped > 0);
    if (rows.length) parts.push(el("h2", {}, "Allies who fought for a treaty partner, and who was helped"), table(Object.keys(rows[0]), rows));
  }
  parts.push(el("h2", {}, "Summary"), table(["measure", "value"], summary));
  const cut = Object.entries(t).filter(([, v]) => v.cut).map(([k, v]) => `${k} (${v.rows} rows)`);
  if (cut.length) parts.push(el("p", { class: "note" }, `Tables shown in part: ${cut.join(", ")}.`));
  out.replaceChildren(...parts);
  return stop;
}

// P(S >= s) on log-log axes, with the fitted line over the region the fit used (s >= 10^2.5).
function warSizes(severity, summary) {
  const sizes = severity.filter((v) => v > 0).sort((a, b) => a - b);
  const n = sizes.length;
  const p = sizes.map((_, i) => (n - i) / n);
  const series = [{ name: `wars (${n})`, xs: sizes, ys: p, points: true }];
  if (summary.slope != null && summary.intercept != null) {
    const fitted = sizes.filter((v) => Math.log10(v) >= 2.5);
    if (fitted.length > 1) {
      const xs = [fitted[0], fitted[fitted.length - 1]];
      const share = fitted.length / n; // the fit's P is within the fitted region
      series.push({ name: `fit: slope ${format(summary.slope)}, R² ${format(summary.r2)}`, xs, ys: xs.map((x) => share * 10 ** (summary.intercept + summary.slope * Math.log10(x))), colour: "#D55E00" });
    }
  }
  return lines(series, { title: "War-size distribution", xlabel: "severity s", ylabel: "P(S ≥ s)", logx: true, logy: true });
}

function alliance(c) {
  const rows = c.state.map((s, i) => ({ state: s, role: c.role[i], honoured: c.honoured[i], abandoned: c.abandoned[i], died_t: c.died_t[i] })).filter((r) => r.role === 1);
  if (!rows.length) return [el("p", { class: "note" }, "No alliance members in this run.")];
  const honoured = rows.reduce((a, r) => a + r.honoured, 0), abandoned = rows.reduce((a, r) => a + r.abandoned, 0);
  const shown = rows.filter((r) => r.honoured + r.abandoned > 0).slice(0, 40);
  return [
    el("h2", {}, `Alliance members: ${rows.length}; wars in which a member honoured its duty ${honoured}, abandoned it ${abandoned}`),
    el("div", { class: "card", id: "honoured" }, bars(shown.flatMap((r) => [
      { group: `state ${r.state}`, label: "honoured", value: r.honoured, colour: "#0072B2" },
      { group: `state ${r.state}`, label: "abandoned", value: r.abandoned, colour: "#D55E00" }]), { title: "Wars in which each member honoured (blue) or abandoned (orange) an ally", ylabel: "wars", width: 900 })),
  ];
}
