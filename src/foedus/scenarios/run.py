"""Run a world's settings with EARTH through the experiment runner and store, then report each
state's probability of survival with 95% intervals, a map of the world and survival bars."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from foedus.analysis.intervals import share_interval
from foedus.experiments.runner import run_experiment
from foedus.experiments.store import StoreReader
from foedus.models.earth import Earth
from foedus.models.earth.params import EarthParams
from foedus.models.earth.world import MapWorld
from foedus.paths import output_folder, write_csv_atomically, write_text_atomically

# p_honor from the literature: allies honoured about three quarters of their commitments in wars
# 1816-1944 (Leeds, Long & Mitchell 2000, JCR 44(5): 686-699); Sabrosky (1980) found about a quarter.
P_HONOR = 0.75
WEDGE_EFFECT = 0.5  # the wedge halves the target member's p_honor (an assumption; a sweep can vary it)
ITERATIONS = 50  # the aggressor's turns: each may start one crisis
CONDITIONS: dict[str, dict] = {
    "alone": {"p_honor": 0.0},
    "collective": {"p_honor": P_HONOR},
    "wedge": {"p_honor": P_HONOR, "wedge_effect": WEDGE_EFFECT, "wedge_target": "least_committed"},
    "wedge_strongest": {"p_honor": P_HONOR, "wedge_effect": WEDGE_EFFECT, "wedge_target": "most_capable"},
}
SCENARIO_BASE = {
    "iterations": ITERATIONS,
    "switch_activation": "aggressor_only",
    "switch_aggressor": "divide_and_conquer",
    "growth_mean": 0.0,  # capabilities stay at their COW values through the thought experiment
    "growth_sd": 0.0,
}
COLUMNS = ["setting", "state", "name", "role", "runs", "survived", "share", "low", "high"]


@dataclass(frozen=True)
class Survival:
    setting: str
    state: str
    name: str
    role: str
    runs: int
    survived: int
    share: float
    low: float
    high: float


def settings_for(world: MapWorld, conditions: dict[str, dict], overrides: dict | None = None) -> dict:
    """One setting per condition: the scenario base, the condition, then the user's overrides."""
    return {
        name: EarthParams.parse({**SCENARIO_BASE, **cond, **(overrides or {}), "world": world})
        for name, cond in conditions.items()
    }


def roles(world: MapWorld) -> dict[str, str]:
    """Each state's role in the world's first alliance (member, suspended..., observer, other)."""
    out = {s.code: "other" for s in world.states}
    if world.alliances:
        focal = world.alliances[0]
        for m in focal.members:
            out[m.state] = m.status + ("" if m.participation == "full" else f" ({m.participation})")
        for o in focal.observers:
            out[o] = "observer"
    if world.aggressor:
        out[world.aggressor] = "aggressor"
    return out


def survival(store: Path, experiment: str, settings: dict[str, EarthParams]) -> list[Survival]:
    """Every state's share of replications in which it survived, per setting (Wilson 95%)."""
    with StoreReader(store) as st:
        runs = {r["run_id"]: r["setting"] for r in st.runs(experiment)}
        table = st.model_table(experiment, "earth", "states")
    out = []
    run_setting = np.array([runs[r] for r in table["run_id"]])
    for name, p in settings.items():
        w = p.world
        role = roles(w)
        mine = run_setting == name
        for k, s in enumerate(w.states):
            alive = table["died_t"][mine & (table["state"] == k)] < 0
            e = share_interval(int(alive.sum()), len(alive))
            out.append(
                Survival(
                    name, s.code, s.name, role[s.code], len(alive), int(alive.sum()), e.value, e.low, e.high
                )
            )
    return out


def run_world(
    experiment: str,
    settings: dict[str, EarthParams],
    replications: int,
    seed: int,
    out_dir: Path,
    workers: int = 2,
    scheduler: str | None = None,
    progress: bool = True,
    store: Path | None = None,
) -> tuple[Path, list[Survival]]:
    out = output_folder(out_dir)
    store = store or out / "results.duckdb"
    run_experiment(experiment, Earth(), settings, replications, seed, store, workers, scheduler, progress)
    rows = survival(store, experiment, settings)
    write_csv_atomically(out / "table.csv", COLUMNS, [vars(r) for r in rows])
    return store, rows


def switches_line(p: EarthParams) -> str:
    keys = ("iterations", "switch_activation", "switch_aggressor", "p_honor", "wedge_effect", "wedge_target",
            "switch_frozen", "switch_request", "switch_maybe", "misperception", "switch_outcome",
            "switch_spoils", "cost_max", "growth_mean", "growth_sd")  # fmt: skip
    return ", ".join(f"{k}={getattr(p, k)}" for k in keys)


def report_head(
    title: str, question: str, world: MapWorld, settings: dict, reps: int, seed: int, extra=()
) -> list[str]:
    """A report's opening: the question, the caveat, the data and the switches."""
    first = next(iter(settings.values()))
    return [
        f"# {title}",
        "",
        f"*{question}*",
        "",
        "**Caveat.** " + world.description,
        "",
        f"World `{world.name}` ({world.date}): {len(world.states)} states, "
        f"{len(world.borders)} land borders, "
        f"alliances {', '.join(world.treaty_ids()) or 'none'}. {reps} replications per setting, seed {seed}; "
        "survival shares with Wilson 95% intervals.",
        "",
        "Data: " + "; ".join(world.sources),
        "",
        f"Switches (first setting): {switches_line(first)}. Conditions: "
        + "; ".join(
            f"`{k}`: p_honor {p.p_honor}, wedge {p.wedge_effect}, frozen {p.switch_frozen}"
            for k, p in list(settings.items())[:6]
        )
        + ".",  # fmt: skip
        "",
        *extra,
    ]


def members_of(rows: list[Survival], setting: str) -> list[str]:
    """The states of a setting that take part in its first alliance (not bystanders or the aggressor)."""
    return [r.state for r in rows if r.setting == setting and r.role not in ("other", "aggressor")]


def survival_table(
    rows: list[Survival], members: list[str], names: list[str], labels: list[str]
) -> list[str]:
    """Markdown: one row per member, one column per setting: share [95% interval]."""
    by = {(r.setting, r.state): r for r in rows}
    out = ["| state | role | " + " | ".join(labels) + " |", "|---|---|" + "---|" * len(labels)]
    for code in members:
        cells = [f"{by[n, code].share:.2f} [{by[n, code].low:.2f}, {by[n, code].high:.2f}]" for n in names]
        out.append(f"| {code} | {by[names[0], code].role} | " + " | ".join(cells) + " |")
    return out


def report_world(
    world: MapWorld,
    replications: int,
    seed: int,
    out_dir: Path,
    workers: int = 2,
    scheduler: str | None = None,
    overrides: dict | None = None,
    progress: bool = True,
):
    """Run a world under every condition and write its report with a map and survival bars.
    Returns (report path, store, survival rows, the survival table's lines)."""
    from foedus.scenarios.figures import plot_survival, plot_world

    settings = settings_for(world, CONDITIONS, overrides)
    store, rows = run_world(f"scenario-{world.name}", settings, replications, seed, out_dir, workers,
                            scheduler, progress)  # fmt: skip
    names = list(settings)
    members = members_of(rows, names[0])
    figures = [plot_world(world, out_dir / "world.png"),
               plot_survival(rows, members, names, out_dir / "survival.png", world.name)]  # fmt: skip
    head = report_head(f"Scenario {world.name}", f"Who survives an aggressor ({world.aggressor})?", world,
                       settings, replications, seed)  # fmt: skip
    body = survival_table(rows, members, names, names)
    text = "\n".join([*head, *body, "", *[f"![{f.stem}]({f.name})" for f in figures], ""])
    return write_text_atomically(out_dir / "report.md", text), store, rows, body
