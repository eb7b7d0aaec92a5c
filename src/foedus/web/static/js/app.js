// The page's router: #/<page>?<query> picks a view; each view draws itself from the JSON API.
import { el, showError } from "./api.js";

const PAGES = {
  alliances: () => import("./alliances.js"),
  help: () => import("./help.js"),
  simulate: () => import("./simulate.js"),
  experiments: () => import("./experiments.js"),
  scenarios: () => import("./scenarios.js"),
};

let leave = null; // the current view's clean-up (an open event stream, a running animation)

async function route() {
  const [path, query] = location.hash.replace(/^#\/?/, "").split("?");
  const name = PAGES[path] ? path : "alliances";
  for (const a of document.querySelectorAll("nav a")) {
    a.toggleAttribute("aria-current", a.dataset.page === name);
    if (a.dataset.page === name) a.setAttribute("aria-current", "page");
  }
  if (leave) { leave(); leave = null; }
  const root = document.getElementById("page");
  root.replaceChildren(el("p", { class: "note" }, "loading..."));
  try {
    const view = await PAGES[name]();
    const fresh = el("div", { "data-view": name });
    root.replaceChildren(fresh);
    leave = (await view.render(fresh, new URLSearchParams(query || ""))) || null;
  } catch (err) {
    showError(root, err);
  }
}

window.addEventListener("hashchange", route);
route();
