// Calls to the JSON API and small DOM helpers shared by every page.

export class ApiError extends Error {}

// GET (or POST with a JSON body); a 4xx answer's {"error": ...} becomes the thrown message.
export async function api(path, { params, body, method } = {}) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, v);
  }
  const init = { method: method || (body === undefined ? "GET" : "POST"), headers: {} };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const r = await fetch(url, init);
  const text = await r.text();
  let data;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!r.ok) {
    throw new ApiError((data && data.error) || `the server answered ${r.status} ${r.statusText}`);
  }
  return data;
}

// el("td", {class: "num"}, "3") -> <td class="num">3</td>; attributes starting "on" are listeners.
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  node.append(...children.flat(Infinity).filter((c) => c !== undefined && c !== null && c !== false));
  return node;
}

export function showError(root, err, keep = false) {
  const box = el("p", { class: "error", role: "alert" }, String(err && err.message ? err.message : err));
  if (keep) root.prepend(box);
  else root.replaceChildren(box);
  return box;
}

// A table from rows of objects; `cell(row, column)` may return a node.
export function table(columns, rows, cell = (r, c) => r[c], labels = {}) {
  return el("table", {},
    el("thead", {}, el("tr", {}, columns.map((c) => el("th", {}, labels[c] || c)))),
    el("tbody", {}, rows.map((r) => el("tr", {}, columns.map((c) => {
      const v = cell(r, c);
      return el("td", { class: typeof v === "number" ? "num" : null }, format(v));
    })))));
}

export function format(v) {
  if (v === null || v === undefined) return "";
  if (v instanceof Node) return v;
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : v.toPrecision(4).replace(/\.?0+$/, "");
  if (Array.isArray(v)) return v.join(", ");
  return String(v);
}

// Keep a view's inputs in the address, so a reload or a shared link shows the same answer.
export function remember(page, values) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== "" && v !== null && v !== undefined) q.set(k, v);
  history.replaceState(null, "", `#/${page}?${q}`);
}

export function field(label, input, hint) {
  return el("label", {}, label, input, hint ? el("span", { class: "hint" }, hint) : null);
}

export function debounce(fn, ms) {
  let t;
  return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); };
}
