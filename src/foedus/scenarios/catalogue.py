"""The scenario catalogue: real alliances on a date, built from the knowledge base, run with EARTH.

Each scenario builds its world(s), runs the settings (conditions x fronts x aggressor strengths)
through the experiment runner into a store, and writes table.csv, report.md and figures.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from foedus.errors import UnknownNameError
from foedus.kb.base import bundled
from foedus.models.earth.world import MapWorld, world_text
from foedus.paths import output_folder, write_text_atomically
from foedus.scenarios import run as R
from foedus.scenarios.build import build_world, with_aggressor
from foedus.scenarios.figures import plot_survival, plot_world


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    question: str
    build: Callable[[], MapWorld]  # the world without its aggressor
    fronts: dict[str, list[str]]  # front name -> the states an external aggressor borders
    strengths: tuple[float, ...]  # external aggressor: multiples of the alliance's capability
    quick_strengths: tuple[float, ...]
    conditions: dict[str, dict] = field(default_factory=lambda: dict(R.CONDITIONS))
    aggressor_state: str | None = None  # a state of the world instead of an external aggressor
    replications: int = 200
    quick_replications: int = 20
    notes: tuple[str, ...] = ()

    def worlds(self, quick: bool = False) -> dict[str, MapWorld]:
        """label -> world with its aggressor (one per front and strength, or the named state)."""
        base = self.build()
        if self.aggressor_state:
            return {self.aggressor_state: with_aggressor(base, self.aggressor_state)}
        return {
            f"{front} S={s:g}": with_aggressor(base, f"external:{s:g}", states)
            for front, states in self.fronts.items()
            for s in (self.quick_strengths if quick else self.strengths)
        }

    def settings(self, worlds: dict[str, MapWorld], overrides: dict | None = None) -> dict:
        """One setting per world and condition, named by `setting_name`."""
        out = {}
        for label, world in worlds.items():
            for cond, p in R.settings_for(world, self.conditions, overrides).items():
                out[setting_name(label, cond)] = p
        return out


def setting_name(label: str, condition: str) -> str:
    return f"{label} | {condition}"


def _csto_2016() -> MapWorld:
    return build_world(bundled(), "CSTO", dt.date(2016, 9, 1), name="csto-2016")


def _nato_baltic_2016() -> MapWorld:
    return build_world(bundled(), "NATO", dt.date(2016, 9, 1), neighbours_of=["EST", "LVA", "LTU"],
                       name="nato-baltic-2016")  # fmt: skip


def _armenia_2024() -> MapWorld:
    return build_world(bundled(), "CSTO", dt.date(2024, 6, 1), neighbours_of=["ARM"], capability_year=2016,
                       name="armenia-2024")  # fmt: skip


SCENARIOS = {
    s.name: s
    for s in (
        Scenario(
            "csto-2016",
            "The CSTO of September 2016 facing an outside aggressor",
            "Which CSTO members survive an aggressor that picks them off one at a time: standing alone, "
            "under collective defence, and under a wedge campaign aimed at the least committed member?",
            _csto_2016,
            {"south": ["ARM", "KAZ", "KGZ", "TJK"], "west": ["BLR", "RUS"]},
            (0.25, 0.5, 1.0, 2.0),
            (0.5,),
        ),
        Scenario(
            "nato-baltic-2016",
            "Estonia, Latvia and Lithuania in NATO, September 2016, facing an outside aggressor",
            "How likely are the Baltic states to survive an aggressor on their border: alone, under NATO "
            "Art. 5 (and TEU Art. 42(7)), and under a wedge campaign aimed at the least committed member?",
            _nato_baltic_2016,
            {"baltic": ["EST", "LVA", "LTU"]},
            (0.05, 0.1, 0.2, 0.4),
            (0.1,),
        ),
        Scenario(
            "armenia-2024",
            "Armenia in 2024: a CSTO member that froze its participation, attacked by Azerbaijan",
            "What does Armenia's frozen participation mean for its survival against Azerbaijan: alone, "
            "with the freeze honoured (no duty either way), and were the treaty applied as written?",
            _armenia_2024,
            {},
            (),
            (),
            conditions={
                "alone": {"p_honor": 0.0},
                "frozen_excluded": {"p_honor": R.P_HONOR, "switch_frozen": "excluded"},
                "frozen_counted": {"p_honor": R.P_HONOR, "switch_frozen": "counted"},
            },
            aggressor_state="AZE",
            notes=(
                "Capabilities are COW CINC 2016, the last year COW NMC v6.0 covers, standing in for 2024: "
                "an assumption, stated in the world's sources.",
            ),
        ),
    )
}


def get_scenario(name: str) -> Scenario:
    if name not in SCENARIOS:
        near = difflib.get_close_matches(name, list(SCENARIOS), n=2)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise UnknownNameError(f"unknown scenario {name!r}: expected one of {', '.join(SCENARIOS)}{hint}")
    return SCENARIOS[name]


def run_scenario(
    name: str,
    out_dir: Path,
    replications: int | None = None,
    workers: int = 2,
    seed: int = 2016,
    quick: bool = False,
    scheduler: str | None = None,
    progress: bool = True,
    overrides: dict | None = None,
) -> Path:
    """Run a catalogue scenario and write its world files, table, figures and report."""
    sc = get_scenario(name)
    out = output_folder(out_dir)
    worlds = sc.worlds(quick)
    settings = sc.settings(worlds, overrides)
    reps = replications or (sc.quick_replications if quick else sc.replications)
    experiment = sc.name + ("-quick" if quick else "")
    _, rows = R.run_world(experiment, settings, reps, seed, out, workers, scheduler, progress)
    figures = []
    for k, world in enumerate(worlds.values()):
        write_text_atomically(out / f"world-{k}.yaml", world_text(world))
        if k == 0:
            figures.append(plot_world(world, out / "world.png", f"{sc.name}: {world.name} ({world.date})"))
    lines = []
    for k, label in enumerate(worlds):
        names = [setting_name(label, c) for c in sc.conditions]
        mine = [r for r in rows if r.setting in names]
        members = R.members_of(mine, names[0])
        fig = plot_survival(mine, members, names, out / f"survival-{k}.png", f"{sc.name}: {label}")
        figures.append(fig)
        lines += [f"## {label} (world-{k}.yaml)", "",
                  *R.survival_table(mine, members, names, list(sc.conditions)), "",
                  f"![survival]({fig.name})", ""]  # fmt: skip
    first = next(iter(worlds.values()))
    head = R.report_head(sc.title, sc.question, first, settings, reps, seed, extra=[*sc.notes, ""])
    head += [f"![world]({figures[0].name})", ""]
    return write_text_atomically(out / "report.md", "\n".join(head + lines))
