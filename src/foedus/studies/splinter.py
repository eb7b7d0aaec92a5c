"""Splinter our unity: wedge campaigns against exercises, on the picked-off world.

The aggressor and treaty of the picked-off study, with members honouring with probability 0.75
(Leeds, Long & Mitchell 2000: 74.5% of alliance commitments honoured). Every `wedge_every`
periods the aggressor offers one member a concession (10% of its resources; Crawford 2011's
selective accommodation), which lowers that member's reliability towards its allies (by 90%,
halving every 500 periods); every `exercise_every` periods the members exercise together, which
raises their coordination on shared fronts and the aggressor's perceived reliability of the
alliance (each by 0.2, halving every 200 periods), at a cost of 2% of each member's resources.
Both are counted per 1,000 periods.
"""

from __future__ import annotations

import numpy as np

from foedus.analysis.experiment_figures import plot_heatmap
from foedus.studies.common import estimate_table
from foedus.studies.picked_off import QUICK_WORLD, WORLD

NAME = "splinter-unity"
TITLE = "Splinter our unity: wedge campaigns against exercises"
QUESTION = (
    "An aggressor courts the members of an alliance one by one while the alliance exercises. "
    "How often must it court them, and how often must they exercise, for the alliance to hold?"
)
REPLICATIONS = 30
QUICK_REPLICATIONS = 8
PER_1000 = (0, 1, 2, 5, 10)  # wedge offers and exercises per 1,000 periods
QUICK_PER_1000 = (0, 5)
P_HONOR = 0.75

MEASURES = {
    "alliance_lifetime": "alliance's lifetime",
    "alliance_survived": "alliance survives (2+ members)",
    "members_survival": "members surviving",
    "alliance_held_share": "wars the alliance held",
    "honoured_share": "obligations honoured",
    "aggressor_survived": "aggressor survives",
}


def _every(per_1000: int) -> int:
    return 0 if per_1000 == 0 else 1000 // per_1000


def settings(quick: bool = False) -> dict[str, dict]:
    world = {**WORLD, **(QUICK_WORLD if quick else {}), "p_honor": P_HONOR}
    rates = QUICK_PER_1000 if quick else PER_1000
    return {
        f"wedges={w},exercises={e}": {**world, "wedge_every": _every(w), "exercise_every": _every(e)}
        for e in rates
        for w in rates
    }


def _grid(params: dict, estimates: dict, measure: str):
    names = list(params)
    wedges = sorted({1000 // p.wedge_every if p.wedge_every else 0 for p in params.values()})
    exercises = sorted({1000 // p.exercise_every if p.exercise_every else 0 for p in params.values()})
    values = np.full((len(exercises), len(wedges)), np.nan)
    labels = [["" for _ in wedges] for _ in exercises]
    for name in names:
        p = params[name]
        i = exercises.index(1000 // p.exercise_every if p.exercise_every else 0)
        j = wedges.index(1000 // p.wedge_every if p.wedge_every else 0)
        e = estimates[name][measure]
        values[i, j] = e.value
        labels[i][j] = f"{e.value:.2f}\n[{e.low:.2f}, {e.high:.2f}]" if e.n else "n/a"
    return wedges, exercises, values, labels


def write_report(out, params: dict, estimates: dict, values: dict) -> list[str]:
    figs = []
    for measure, title in (
        ("alliance_lifetime", "Alliance's lifetime: share of the run with 2+ founding members alive"),
        ("alliance_held_share", "Share of wars in which no obliged member abandoned the victim"),
        ("honoured_share", "Share of obligations honoured"),
    ):
        wedges, exercises, values, labels = _grid(params, estimates, measure)
        figs.append(
            plot_heatmap(
                values, wedges, exercises, out / f"{measure}.png",
                "wedge offers per 1,000 periods", "exercises per 1,000 periods", title, labels,
            )
        )  # fmt: skip
    return [
        "## Results",
        "",
        *estimate_table(list(params), estimates, MEASURES),
        "",
        "Alliance's lifetime: the share of the observation phase during which at least two of its "
        "founding members were alive. Heat maps: each cell is the mean over replications with its "
        "95% interval.",
        "",
        *[f"![{f.stem}]({f.name})" for f in figs],
    ]
