// Who must help? Victim, aggressor, date and theatre in; each state's answer out, with its article,
// the conditions met, unmet or unknown, flags, sources, the day's invocations, and the same
// question as a command line.
import { api, el, field, remember, showError, table } from "./api.js";

const TRI = { "": null, yes: true, no: false };

export async function render(root, query) {
  const victim = el("input", { name: "victim", value: query.get("victim") || "ARM", size: 10, required: true });
  const aggressor = el("input", { name: "aggressor", value: query.get("aggressor") || "", size: 10, placeholder: "unknown" });
  const on = el("input", { name: "on", value: query.get("on") || "2016-09-01", size: 11, placeholder: "YYYY-MM-DD" });
  const theatre = el("select", { name: "theatre" }, ["home", "in_area", "outside_area", "unknown"].map((t) => el("option", { value: t }, t)));
  theatre.value = query.get("theatre") || "home";
  const tri = (name) => {
    const sel = el("select", { name }, el("option", { value: "" }, "not given"), el("option", { value: "yes" }, "yes"), el("option", { value: "no" }, "no"));
    sel.value = query.get(name) || "";
    return sel;
  };
  const requested = tri("requested");
  const war = tri("state_of_war");
  const out = el("div", { id: "answer" });
  const form = el("form", { class: "query" },
    field("Victim (code or name)", victim), field("Aggressor", aggressor), field("Date", on), field("Theatre", theatre),
    field("Victim asked for help?", requested), field("State of war declared?", war),
    el("button", { type: "submit" }, "Who must help?"));
  root.append(el("h1", {}, "Who must help?"),
    el("p", { class: "lead" }, "Each state's duty to assist a victim on a day under every treaty in force, with the article, the conditions it rests on and their sources; the assumptions the answer made are listed first."),
    form, out);

  async function ask() {
    const values = { victim: victim.value.trim(), aggressor: aggressor.value.trim(), on: on.value.trim(), theatre: theatre.value, requested: requested.value, state_of_war: war.value };
    remember("help", values);
    out.replaceChildren(el("p", { class: "note" }, "asking..."));
    try {
      const params = { ...values, requested: TRI[values.requested], state_of_war: TRI[values.state_of_war] };
      const a = await api("/api/obligations", { params });
      const treaties = [...new Set(a.obligations.map((o) => o.treaty))];
      const sources = Object.fromEntries(await Promise.all(treaties.map(async (t) => [t, await api("/api/sources", { params: { treaty: t } })])));
      out.replaceChildren(...answer(a, sources, values));
    } catch (err) {
      showError(out, err);
    }
  }
  form.addEventListener("submit", (e) => { e.preventDefault(); ask(); });
  if (query.get("victim")) await ask();
}

export function cliCommand(v) {
  const parts = ["foedus obligations", `--victim ${quote(v.victim)}`, `--on ${quote(v.on)}`];
  if (v.aggressor) parts.push(`--aggressor ${quote(v.aggressor)}`);
  if (v.theatre !== "home") parts.push(`--theatre ${v.theatre}`);
  if (v.requested) parts.push(v.requested === "yes" ? "--requested" : "--not-requested");
  if (v.state_of_war) parts.push(v.state_of_war === "yes" ? "--state-of-war" : "--no-state-of-war");
  return parts.join(" ");
}

const quote = (x) => (/^[\w.:-]+$/.test(x) ? x : `'${x.replace(/'/g, "'\\''")}'`);

function answer(a, sources, values) {
  const obliged = (o) => el("span", { class: `badge ${o.obliged}` }, o.obliged === true ? "must" : o.obliged === false ? "no" : "unknown");
  const conditions = (o) => el("ul", { class: "conditions" }, (o.conditions || []).map((c) => {
    const cls = c.met === true ? "met" : c.met === false ? "unmet" : "unknown";
    return el("li", { class: cls, title: c.why }, `${cls}: ${c.text}`);
  }));
  const cited = (o) => el("span", {}, (o.source || []).map((id, k) => {
    const src = (sources[o.treaty] || {})[id];
    return [k ? ", " : "", src && src.url ? el("a", { href: src.url, title: `${src.title} (${src.kind})`, rel: "noreferrer" }, id) : id];
  }));
  const must = a.obligations.filter((o) => o.obliged === true).length;
  const out = [
    el("h2", {}, `${a.situation.victim} on ${a.situation.on}: ${must} must assist, ${a.obligations.length} answers`),
    el("div", { class: "card" }, el("strong", {}, "Assumptions: "), el("ul", {}, a.assumptions.map((x) => el("li", {}, x)))),
  ];
  if (a.obligations.length) {
    out.push(table(["state", "treaty", "article", "obliged", "kind", "standing", "conditions", "flags", "reasons", "confidence", "sources"], a.obligations, (o, c) => {
      if (c === "obliged") return obliged(o);
      if (c === "conditions") return conditions(o);
      if (c === "standing") return `${o.status}${o.participation && o.participation !== "full" ? ` (${o.participation})` : ""}`;
      if (c === "sources") return cited(o);
      return o[c];
    }));
  } else {
    out.push(el("p", { class: "note", id: "nobody" }, "No treaty in force binds anyone to assist this state on that day."));
  }
  out.push(el("h2", {}, "Invocations recorded that day"));
  out.push(a.invocations.length
    ? table(Object.keys(a.invocations[0]), a.invocations)
    : el("p", { class: "note", id: "no-invocations" }, "None recorded."));
  if (a.notes && a.notes.length) out.push(el("h2", {}, "Notes"), el("ul", { class: "note" }, a.notes.map((n) => el("li", {}, n))));
  out.push(el("h2", {}, "The same question elsewhere"),
    el("code", { class: "cli", id: "cli" }, cliCommand(values)),
    el("p", { class: "note" }, "Add --json for the same answer as this page's. This page's address reproduces the query; the API: ",
      el("a", { href: `/api/obligations?${new URLSearchParams(Object.entries({ victim: values.victim, on: values.on, aggressor: values.aggressor, theatre: values.theatre, requested: TRI[values.requested], state_of_war: TRI[values.state_of_war] }).filter(([, v]) => v !== "" && v !== null))}` }, "/api/obligations")));
  return out;
}
