// Experiments: start one (bounded by the server), watch its progress pushed by the server
// (done/total, runs/s, time left), stop it cleanly, resume it, then browse per-setting summaries,
// a figure of one measure with 95% intervals, and download the stored tables as CSV or Parquet.
import { api, el, field, remember, showError, table } from "./api.js";
import { bars } from "./plot.js";

export async function render(root, query) {
  const models = await api("/api/models");
  const name = el("input", { name: "name", value: query.get("name") || "", placeholder: "my-experiment", size: 16 });
  const model = el("select", { name: "model" }, models.map((m) => el("option", { value: m.name }, m.name)));
  model.value = query.get("model") || "earth";
  const params = el("input", { name: "params", value: '{"iterations": 500}', size: 28, title: "parameters shared by every setting, as JSON" });
  const axis = el("input", { name: "axis", value: "share_collective_security", size: 24 });
  const values = el("input", { name: "values", value: "0, 0.25, 0.5", size: 14, title: "comma-separated values of the varied parameter" });
  const reps = el("input", { name: "replications", type: "number", value: 20, min: 1, step: 1, style: "width: 6rem" });
  const seed = el("input", { name: "seed", type: "number", value: 1, min: 0, step: 1, style: "width: 6rem" });
  const start = el("button", { type: "submit", id: "start" }, "Start");
  const form = el("form", { class: "query", novalidate: true },
    field("Name", name), field("Model", model), field("Parameters (JSON)", params), field("Varied parameter", axis),
    field("Its values", values), field("Replications", reps), field("Seed", seed), start);
  const watch = el("div", { id: "watch" });
  const results = el("div", { id: "results" });
  const list = el("div", { id: "list" });
  root.append(el("h1", {}, "Experiments"),
    el("p", { class: "lead" }, "Seeded replications of a model over a grid of settings, stored on the server (per-replication seeds are drawn before anything runs, so a stopped experiment resumes exactly where it was)."),
    form, watch, results, el("h2", {}, "Experiments on this server"), list);

  let stream = null;
  const close = () => { if (stream) { stream.close(); stream = null; } };

  async function refreshList() {
    try {
      const rows = await api("/api/experiments");
      list.replaceChildren(rows.length ? table(["name", "state", "done", "total", "message"], rows, (r, c) => (c === "name" ? el("a", { href: `#/experiments?name=${encodeURIComponent(r.name)}` }, r.name) : r[c])) : el("p", { class: "note" }, "None yet."));
    } catch (err) { showError(list, err); }
  }

  function follow(expName) {
    close();
    remember("experiments", { name: expName });
    results.replaceChildren();
    const bar = el("div", {});
    const progress = el("div", { class: "progress", role: "progressbar" }, bar);
    const text = el("p", { id: "progress-text" });
    const stop = el("button", { type: "button", id: "stop", class: "secondary" }, "Stop");
    const resume = el("button", { type: "button", id: "resume", class: "secondary" }, "Resume");
    const message = el("div", {});
    watch.replaceChildren(el("h2", {}, expName), progress, text, el("div", {}, stop, " ", resume), message);
    const update = (s) => {
      const pct = s.total ? (100 * s.done) / s.total : 0;
      bar.style.width = `${pct}%`;
      progress.setAttribute("aria-valuenow", pct.toFixed(0));
      text.textContent = `${s.state}: ${s.done} of ${s.total} runs` + (s.runs_per_s ? `, ${s.runs_per_s.toFixed(1)} runs/s` : "") + (s.eta_s != null ? `, about ${Math.ceil(s.eta_s)} s left` : "") + (s.message ? ` (${s.message})` : "");
      text.dataset.state = s.state;
      stop.disabled = !["running"].includes(s.state);
      resume.disabled = s.state !== "stopped";
      if (!["running", "stopping"].includes(s.state)) {
        close();
        refreshList();
        if (s.done > 0) showResults(expName);
      }
    };
    stream = new EventSource(`/api/experiments/${encodeURIComponent(expName)}/events`);
    stream.onmessage = (e) => update(JSON.parse(e.data));
    stream.onerror = async () => {
      close();
      try { update(await api(`/api/experiments/${encodeURIComponent(expName)}`)); } catch (err) { showError(message, err); }
    };
    stop.addEventListener("click", async () => {
      try { update(await api(`/api/experiments/${encodeURIComponent(expName)}/stop`, { method: "POST" })); } catch (err) { showError(message, err); }
    });
    resume.addEventListener("click", async () => {
      try { await api(`/api/experiments/${encodeURIComponent(expName)}/resume`, { method: "POST" }); follow(expName); } catch (err) { showError(message, err); }
    });
  }

  async function showResults(expName) {
    try {
      const s = await api(`/api/experiments/${encodeURIComponent(expName)}/summary`);
      const measures = [...new Set(s.rows.map((r) => r.measure))];
      const pick = el("select", { name: "measure", id: "measure" }, measures.map((m) => el("option", { value: m }, m)));
      const preferred = ["states_final", "hegemony", "wars", "survivors"].find((m) => measures.includes(m));
      if (preferred) pick.value = preferred;
      const figure = el("div", { class: "card", id: "estimates" });
      const rows = el("div", {});
      const draw = async () => {
        const est = await api(`/api/experiments/${encodeURIComponent(expName)}/estimates`, { params: { measure: pick.value } });
        figure.replaceChildren(bars(est.map((e) => ({ label: e.setting, value: e.mean, low: e.low, high: e.high, n: e.n, colour: "#0072B2" })), { title: `${pick.value}: mean per setting, 95% interval`, ylabel: pick.value, width: 720 }));
        rows.replaceChildren(table(s.columns, s.rows.filter((r) => r.measure === pick.value)));
      };
      pick.addEventListener("change", () => draw().catch((err) => showError(figure, err)));
      const downloads = el("table", {}, el("tbody", {}, s.tables.map((t) => el("tr", {}, el("td", {}, t),
        ["csv", "parquet"].map((f) => el("td", {}, el("a", { href: `/api/experiments/${encodeURIComponent(expName)}/download?table=${t}&format=${f}`, download: `${expName}-${t}.${f}`, "data-table": t, "data-format": f }, f.toUpperCase())))))));
      results.replaceChildren(el("h2", {}, "Results"), field("Measure", pick), figure, rows, el("h2", {}, "Download"), downloads);
      await draw();
    } catch (err) { showError(results, err); }
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    watch.replaceChildren();
    results.replaceChildren();
    let body;
    try {
      body = { name: name.value.trim(), model: model.value, replications: Number(reps.value), seed: Number(seed.value) };
      body.params = params.value.trim() ? JSON.parse(params.value) : {};
      if (axis.value.trim()) body.axes = { [axis.value.trim()]: values.value.split(",").map((v) => v.trim()).filter(Boolean).map((v) => (isNaN(Number(v)) ? v : Number(v))) };
    } catch (err) {
      return showError(watch, `parameters: expected JSON such as {"iterations": 500}, found ${params.value} (${err.message})`);
    }
    try {
      await api("/api/experiments", { body });
      follow(body.name);
      refreshList();
    } catch (err) { showError(watch, err); }
  });

  await refreshList();
  if (query.get("name")) follow(query.get("name"));
  return close;
}
