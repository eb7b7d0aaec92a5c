// Scenarios: a real alliance on a map (the catalogue), run with chosen parameters; each member's
// survival under every condition as bars with Wilson 95% intervals, and the world drawn at its capitals.
import { api, el, field, remember, showError, table } from "./api.js";
import { bars, COLOURS, placeMap } from "./plot.js";

const ROLE_COLOURS = { aggressor: "#b00020", observer: "#CC79A7", other: "#bbbbbb" };

export async function render(root, query) {
  const catalogue = await api("/api/scenarios");
  const pick = el("select", { name: "scenario" }, catalogue.map((s) => el("option", { value: s.name }, s.name)));
  pick.value = query.get("scenario") || "csto-2016";
  const reps = el("input", { name: "replications", type: "number", value: query.get("replications") || 20, min: 1, step: 1, style: "width: 6rem" });
  const seed = el("input", { name: "seed", type: "number", value: query.get("seed") || 2016, min: 0, step: 1, style: "width: 6rem" });
  const quick = el("input", { name: "quick", type: "checkbox", checked: query.get("quick") !== "false" });
  const honour = el("input", { name: "p_honor", value: query.get("p_honor") || "", placeholder: "0.75", size: 6, title: "probability that an obliged ally honours its duty" });
  const wedge = el("input", { name: "wedge_effect", value: query.get("wedge_effect") || "", placeholder: "0.5", size: 6, title: "the wedge campaign's effect on the target member's p_honor" });
  const go = el("button", { type: "submit", id: "run" }, "Run");
  const about = el("div", { class: "card", id: "about" });
  const out = el("div", { id: "result" });
  const form = el("form", { class: "query", novalidate: true }, field("Scenario", pick), field("Replications", reps), field("Seed", seed),
    field("Quick (one aggressor strength)", quick), field("p_honor", honour), field("wedge_effect", wedge), go);
  root.append(el("h1", {}, "Scenarios"),
    el("p", { class: "lead" }, "Worlds built from the knowledge base (members, observers, neighbours, COW capabilities), an aggressor that picks states off one at a time, and each state's survival under every condition."),
    form, about, out);

  const describe = () => {
    const s = catalogue.find((x) => x.name === pick.value);
    about.replaceChildren(el("strong", {}, s.title), el("p", {}, s.question),
      el("p", { class: "note" }, `conditions: ${s.conditions.join(", ")}; ` + (s.aggressor ? `aggressor: ${s.aggressor}` : `fronts: ${Object.entries(s.fronts).map(([f, st]) => `${f} (${st.join(", ")})`).join("; ")}; aggressor strength (x the alliance's capability) ${s.strengths.join(", ")}, quick ${s.quick_strengths.join(", ")}`)),
      ...s.notes.map((n) => el("p", { class: "note" }, n)));
  };
  pick.addEventListener("change", describe);
  describe();

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const overrides = {};
    for (const [k, node] of [["p_honor", honour], ["wedge_effect", wedge]]) {
      if (node.value.trim() !== "") overrides[k] = isNaN(Number(node.value)) ? node.value : Number(node.value);
    }
    remember("scenarios", { scenario: pick.value, replications: reps.value, seed: seed.value, quick: quick.checked, ...overrides });
    out.replaceChildren(el("p", { class: "note" }, "running (a few seconds)..."));
    go.disabled = true;
    try {
      const r = await api(`/api/scenarios/${pick.value}/run`, { body: { quick: quick.checked, replications: Number(reps.value), seed: Number(seed.value), overrides } });
      out.replaceChildren(...draw(r));
    } catch (err) {
      showError(out, err);
    } finally {
      go.disabled = false;
    }
  });
}

function draw(r) {
  const out = [el("p", { class: "caveat" }, r.caveat),
    el("p", { class: "note" }, `${r.replications} replications per setting, seed ${r.seed}` + (Object.keys(r.overrides).length ? `; ${Object.entries(r.overrides).map(([k, v]) => `${k} = ${v}`).join(", ")}` : ""))];
  const w0 = r.worlds[0];
  const nodes = w0.states.map((s) => ({ id: s.code, lat: s.lat, lon: s.lon, label: s.code, tip: `${s.name}: ${s.role}`, colour: ROLE_COLOURS[s.role] || (s.role.startsWith("member") ? "#0072B2" : s.role.startsWith("suspended") ? "#D55E00" : "#bbbbbb"), r: s.role === "other" ? 4 : 7 }));
  const links = w0.borders.map(([a, b]) => ({ a, b, colour: "#c5ccd4", tip: `${a}–${b} border` }));
  out.push(el("div", { class: "grid2" },
    el("div", { class: "card", id: "world" }, placeMap(nodes, links, { title: `${w0.name} (${w0.date || "undated"})` }),
      el("div", { class: "legend" }, el("span", { style: "--c:#0072B2" }, "member"), el("span", { style: "--c:#D55E00" }, "suspended"), el("span", { style: "--c:#CC79A7" }, "observer"), el("span", { style: "--c:#b00020" }, "aggressor"), el("span", { style: "--c:#bbbbbb" }, "neighbour or former party"))),
    el("div", {})));
  for (const w of r.worlds) {
    const rows = r.survival.filter((x) => x.setting.startsWith(`${w.label} | `));
    const bound = (role) => role.startsWith("member") || role.startsWith("suspended");
    const members = [...new Set(rows.filter((x) => bound(x.role)).map((x) => x.state))];
    const data = [];
    for (const st of members) {
      r.conditions.forEach((c, k) => {
        const x = rows.find((y) => y.state === st && y.setting === `${w.label} | ${c}`);
        if (x) data.push({ group: st, label: c, value: x.share, low: x.low, high: x.high, n: x.runs, colour: COLOURS[k % COLOURS.length] });
      });
    }
    out.push(el("h2", {}, w.label),
      el("div", { class: "legend" }, r.conditions.map((c, k) => el("span", { style: `--c:${COLOURS[k % COLOURS.length]}` }, c))),
      el("div", { class: "card survival" }, bars(data, { title: `Survival share by member and condition (${w.label})`, ylabel: "share surviving", ymax: 1, width: 900 })),
      el("details", {}, el("summary", {}, "The table"), table(["setting", "state", "role", "runs", "survived", "share", "low", "high"], rows)));
  }
  return out;
}
