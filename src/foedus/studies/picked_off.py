"""Picked off one by one: a divide-and-conquer aggressor against states with and without a treaty.

When GeoSim's initial phase ends, the largest state becomes an aggressor that attacks the
neighbour whose expected defence coalition is weakest, one war at a time; the six states nearest
it sign a conditional collective-defence treaty ("aggression against one is aggression against
all"), each member honouring with probability p_honor, drawn once per war. p_honor spans the
literature's estimates: 0.22 (a pessimistic post-1945 scenario), 0.25 (Sabrosky's era), 0.41
(defence pacts 1816-2003), 0.5 (Cederman & Gleditsch 2004), 0.66, 0.75 (Leeds, Long & Mitchell
2000: 74.5%) and 1.0 (perfectly binding). The control is the same six states with a treaty nobody
honours (p_honor 0), which is bit for bit plain GeoSim with the aggressor (tested), so the same
states are followed with and without collective defence.
"""

from __future__ import annotations

from foedus.analysis.experiment_figures import plot_estimates
from foedus.analysis.intervals import paired_difference
from foedus.studies.common import estimate_table

NAME = "picked-off"
TITLE = "Picked off one by one: does a collective-defence treaty protect its members?"
QUESTION = (
    "A divide-and-conquer aggressor picks its victims one at a time. Do the states bound by a "
    "treaty survive better than those outside it, and how reliable must the treaty be?"
)
REPLICATIONS = 40
QUICK_REPLICATIONS = 20
P_HONOR = (0.0, 0.22, 0.25, 0.41, 0.5, 0.66, 0.75, 1.0)
QUICK_P_HONOR = (0.0, 0.5, 1.0)

WORLD = {
    "aggressor": "largest",
    "aggressor_strategy": "divide_and_conquer",
    "alliance_setup": "bloc",
    "alliance_size": 6,
    "switch_bloc_members": "near_aggressor",
}
QUICK_WORLD = {"duration": 5000}  # a shorter observation phase for the main job's report

MEASURES = {
    "members_lifetime": "members' lifetime",
    "nonmembers_lifetime": "non-members' lifetime",
    "members_survival": "members surviving",
    "nonmembers_survival": "non-members surviving",
    "aggressor_survived": "aggressor survives",
    "members_lost_per_war": "members lost per war",
    "hegemony": "runs reaching hegemony",
    "hegemony_after": "periods to hegemony",
    "alliance_held_share": "wars the alliance held",
}


def label(p_honor: float) -> str:
    return "no treaty (p_honor 0)" if p_honor == 0 else f"p_honor={p_honor:g}"


def settings(quick: bool = False) -> dict[str, dict]:
    world = {**WORLD, **(QUICK_WORLD if quick else {})}
    return {label(p): {**world, "p_honor": p} for p in (QUICK_P_HONOR if quick else P_HONOR)}


def write_report(out, params: dict, estimates: dict, values: dict) -> list[str]:
    names = list(params)
    xs = [params[n].p_honor for n in names]

    def series(measure):
        return [estimates[n][measure] for n in names]

    control = values["members_lifetime"][names[0]]
    effect = {n: paired_difference(values["members_lifetime"][n], control) for n in names[1:]}
    effects = plot_estimates(
        xs[1:],
        {"members' lifetime, treaty - no treaty": list(effect.values())},
        out / "treaty_effect.png",
        "p_honor",
        "difference in the share of the observation phase lived",
        "The treaty's effect on its members, paired by seed (95% intervals)",
    )

    survival = plot_estimates(
        xs,
        {"members": series("members_survival"), "non-members": series("nonmembers_survival")},
        out / "survival.png",
        "p_honor (0: no treaty)",
        "share of the states surviving to the end",
        "Survival against a divide-and-conquer aggressor (95% intervals)",
        (0.0, 1.0),
    )
    lifetime = plot_estimates(
        xs,
        {"members": series("members_lifetime"), "non-members": series("nonmembers_lifetime")},
        out / "lifetime.png",
        "p_honor (0: no treaty)",
        "share of the observation phase lived",
        "How long states last against a divide-and-conquer aggressor (95% intervals)",
        (0.0, 1.0),
    )
    lost = plot_estimates(
        xs,
        {"members lost per war with members": series("members_lost_per_war")},
        out / "members_lost_per_war.png",
        "p_honor (0: no treaty)",
        "members lost per war",
        "How many members each war costs the alliance (95% intervals)",
    )
    hegemony = plot_estimates(
        xs,
        {"runs reaching hegemony": series("hegemony"), "aggressor survives": series("aggressor_survived")},
        out / "hegemony.png",
        "p_honor (0: no treaty)",
        "share of runs",
        "Hegemony (a state holding half the map) and the aggressor's survival",
        (0.0, 1.0),
    )
    none, best = estimates[names[0]], estimates[names[-1]]
    lines = [
        "## Results",
        "",
        *estimate_table(names, estimates, MEASURES),
        "",
        "Members: the six states nearest the aggressor when the initial phase ends; non-members: "
        "every other state alive then; lifetime: the share of the observation phase a state lived "
        "through (a restricted mean survival time); periods to hegemony: counted from the end of the initial "
        "phase, over the runs that reach it (n in table.csv); wars the alliance held: the share of "
        "wars with obliged members in which none abandoned the victim.",
        "",
        f"Without a treaty the aggressor's six nearest neighbours last {none['members_lifetime'].text()} "
        f"of the observation phase; with a treaty at {names[-1]}, {best['members_lifetime'].text()}. "
        f"All other states: {none['nonmembers_lifetime'].text()} and {best['nonmembers_lifetime'].text()}. "
        "The treaty's effect is the difference between the members' rows: the same states, with and "
        "without it. Even at p_honor 1 a member whose power has shifted since it joined honours "
        "with 0.7 of p_honor (Leeds 2003), so some wars see abandonment.",
        "",
        "The treaty's effect on its members' lifetime, each replication against the same seed "
        "without a treaty (common random numbers):",
        "",
        "| setting | effect on members' lifetime |",
        "|---|---|",
        *[f"| {n} | {e.text()} |" for n, e in effect.items()],
        "",
        f"![treaty effect]({effects.name}) ![lifetime]({lifetime.name}) ![survival]({survival.name})",
        f"![members lost per war]({lost.name}) ![hegemony]({hegemony.name})",
    ]
    return lines
