"""Collective security vs none: how long a system of states endures, and who survives, by style.

After GeoSim's initial phase a share of the states (cs_share) adopts a collective-security style
(Cusack & Stoll 1994, "Collective Security and State Survival in the Interstate System",
ISQ 38(1): a state never attacks first and defends any member attacked, here
with probability p_honor per war); the others keep GeoSim's realpolitik rule. No aggressor is
designated: every realpolitik state may prey on any neighbour.
"""

from __future__ import annotations

from foedus.analysis.experiment_figures import plot_estimates
from foedus.studies.common import estimate_table

NAME = "collective-vs-none"
TITLE = "Collective security vs none: endurance of the system and survival by policy style"
QUESTION = (
    "When more states follow collective security, do more states survive, does the system "
    "resist hegemony longer, and who gains: the collective-security states or the others?"
)
REPLICATIONS = 30
QUICK_REPLICATIONS = 8
CS_SHARE = (0.0, 0.25, 0.5, 0.75, 1.0)
P_HONOR = (0.5, 1.0)

MEASURES = {
    "members_lifetime": "collective-security states' lifetime",
    "nonmembers_lifetime": "realpolitik states' lifetime",
    "survival": "states surviving",
    "members_survival": "collective-security states surviving",
    "nonmembers_survival": "realpolitik states surviving",
    "states_final": "states at the end",
    "hegemony": "runs reaching hegemony",
    "wars": "wars",
}


def settings(quick: bool = False) -> dict[str, dict]:
    shares = (0.0, 0.5, 1.0) if quick else CS_SHARE
    extra = {"duration": 2500} if quick else {}
    return {
        f"cs_share={s:g},p_honor={p:g}": {
            "alliance_setup": "collective_security", "cs_share": s, "p_honor": p,
            "member_strategy": "collective_security", **extra,
        }
        for p in P_HONOR
        for s in shares
    }  # fmt: skip


def write_report(out, params: dict, estimates: dict, values: dict) -> list[str]:
    figs = []
    for measure, ylabel in (
        ("survival", "share of states surviving"),
        ("states_final", "states at the end"),
        ("hegemony", "share of runs reaching hegemony"),
    ):
        series = {}
        for p in P_HONOR:
            names = [n for n, v in params.items() if v.p_honor == p]
            series[f"p_honor {p:g}"] = [estimates[n][measure] for n in names]
            xs = [params[n].cs_share for n in names]
        figs.append(
            plot_estimates(xs, series, out / f"{measure}.png", "share of collective-security states",
                           ylabel, f"{ylabel.capitalize()} by policy mix (95% intervals)")
        )  # fmt: skip
    style = {}
    names = [n for n, v in params.items() if v.p_honor == P_HONOR[0] and 0 < v.cs_share < 1]
    xs = [params[n].cs_share for n in names]
    style["collective security"] = [estimates[n]["members_lifetime"] for n in names]
    style["realpolitik"] = [estimates[n]["nonmembers_lifetime"] for n in names]
    figs.append(
        plot_estimates(xs, style, out / "lifetime_by_style.png", "share of collective-security states",
                       "share of the observation phase lived",
                       f"Lifetime by style, p_honor {P_HONOR[0]:g} (95% intervals)", (0.0, 1.0))
    )  # fmt: skip
    return [
        "## Results",
        "",
        *estimate_table(list(params), estimates, MEASURES),
        "",
        "Lifetime: the share of the observation phase a state lived through (a restricted mean "
        "survival time); states surviving: the share of the states alive when the styles were "
        "adopted that are alive at the end; hegemony: a state holds half the map.",
        "",
        *[f"![{f.stem}]({f.name})" for f in figs],
    ]
