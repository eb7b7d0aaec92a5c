"""Scenario figures: the world drawn as a network at its capitals, and survival bars with intervals."""

from __future__ import annotations

from pathlib import Path

from foedus.analysis.figures import new_figure, save
from foedus.models.earth.world import MapWorld

# Okabe-Ito colours, distinguishable with colour-blindness
ROLE_COLOURS = {"member": "#0072B2", "observer": "#56B4E9", "aggressor": "#D55E00", "other": "#999999"}
OTHER_ALLIANCES = ("#009E73", "#CC79A7", "#E69F00", "#F0E442")
CONDITION_COLOURS = ("#999999", "#0072B2", "#E69F00", "#009E73", "#CC79A7")


def plot_world(world: MapWorld, out: str | Path, title: str = "") -> Path:
    """Capitals at their longitude and latitude, land borders as edges, coloured by alliance."""
    fig, ax = new_figure(8, 5.5)
    at = {s.code: (s.lon, s.lat) for s in world.states}
    for a, b in world.borders:
        (x1, y1), (x2, y2) = at[a], at[b]
        ax.plot([x1, x2], [y1, y2], color="#bbbbbb", lw=0.8, zorder=1)
    colour = {s.code: ROLE_COLOURS["other"] for s in world.states}
    labels = {}
    for k, al in enumerate(world.alliances[1:]):
        for m in al.members:
            if m.duty != "none":
                colour[m.state] = OTHER_ALLIANCES[k % len(OTHER_ALLIANCES)]
                labels[OTHER_ALLIANCES[k % len(OTHER_ALLIANCES)]] = al.treaty
    if world.alliances:
        focal = world.alliances[0]
        for o in focal.observers:
            colour[o] = ROLE_COLOURS["observer"]
        for m in focal.members:
            if m.status == "member":
                colour[m.state] = ROLE_COLOURS["member"]
        labels[ROLE_COLOURS["member"]] = f"{focal.treaty} member"
        labels[ROLE_COLOURS["observer"]] = f"{focal.treaty} observer"
    if world.aggressor:
        colour[world.aggressor] = ROLE_COLOURS["aggressor"]
        labels[ROLE_COLOURS["aggressor"]] = "aggressor"
    labels.setdefault(ROLE_COLOURS["other"], "other")
    for s in world.states:
        x, y = at[s.code]
        ax.scatter([x], [y], s=40 + 4000 * s.capability ** 0.5, color=colour[s.code], zorder=2,
                   edgecolor="white", linewidth=0.5)  # fmt: skip
        ax.annotate(s.code, (x, y), fontsize=7, xytext=(3, 3), textcoords="offset points")
    for c, label in labels.items():
        ax.scatter([], [], color=c, label=label)
    ax.legend(fontsize=7, loc="best", frameon=False)
    ax.set_xlabel("longitude of the capital")
    ax.set_ylabel("latitude of the capital")
    ax.set_title(title or f"{world.name}: capitals, land borders, alliances (marker area ~ capability)")
    return save(fig, out, "world figure")


def plot_survival(rows, states: list[str], settings: list[str], out: str | Path, title: str) -> Path:
    """Grouped bars: each state's survival share per setting, with 95% intervals."""
    fig, ax = new_figure(max(6, 0.9 * len(states) * max(1, len(settings)) / 2), 4)
    by = {(r.setting, r.state): r for r in rows}
    width = 0.8 / max(1, len(settings))
    for k, name in enumerate(settings):
        xs, ys, lo, hi = [], [], [], []
        for i, code in enumerate(states):
            r = by.get((name, code))
            if r is None:
                continue
            xs.append(i + (k - (len(settings) - 1) / 2) * width)
            ys.append(r.share)
            lo.append(r.share - r.low)
            hi.append(r.high - r.share)
        ax.bar(xs, ys, width, yerr=[lo, hi], capsize=2, label=name,
               color=CONDITION_COLOURS[k % len(CONDITION_COLOURS)])  # fmt: skip
    ax.set_xticks(range(len(states)), states)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("P(survives), 95% interval")
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=7, frameon=False, ncols=min(5, len(settings)))
    return save(fig, out, "survival figure")
