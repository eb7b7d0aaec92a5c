"""Membership timeline figure: one bar per participant and phase, coloured by status."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from foedus.analysis.figures import new_figure, save
from foedus.kb.base import KnowledgeBase
from foedus.kb.schema import Participation, Status

# Statuses in distinguishable hues (a colour-blind-safe palette, Okabe & Ito 2008).
COLOURS = {
    Status.MEMBER: "#0072B2",
    Status.SIGNATORY: "#56B4E9",
    Status.SUSPENDED: "#D55E00",
    Status.OBSERVER: "#CC79A7",
    Status.PARTNER: "#999999",
    Status.ASSOCIATE: "#009E73",
    Status.WITHDRAWN: "#F0F0F0",
    Status.CONTESTED: "#F0E442",
}
# How a member takes part, drawn as a thin band inside its member bar.
TAKING_PART = {
    Participation.FROZEN: "#E69F00",
    Participation.OUTSIDE_INTEGRATED_COMMAND: "#000000",
    Participation.OPT_OUT: "#F0E442",
}


def plot_timeline(
    kb: KnowledgeBase, treaties: list[str], out: str | Path, until: dt.date | None = None
) -> Path:
    """Write the membership timeline of `treaties` to `out` (png, svg or pdf by suffix)."""
    until = until or kb.coverage_end
    chosen = [kb.treaty(t) for t in treaties]
    rows: list[tuple[str, list]] = []
    for t in chosen:
        for m in sorted(t.memberships, key=lambda m: _first(m.phases)):
            label = f"{t.id}: {m.state or m.entity}"
            rows.append((label, m.phases, m.participation))
    from matplotlib.patches import Patch

    height = max(3.0, 0.22 * len(rows) + 1.2)
    fig, ax = new_figure(11, height)
    for y, (_, phases, taking_part) in enumerate(rows):
        for p in taking_part:
            end = p.end.earliest if p.end else until
            width = max(end - p.start.earliest, dt.timedelta(days=30))
            ax.barh(y, width, left=p.start.earliest, color=TAKING_PART[p.mode], height=0.3, zorder=3)
        for p in phases:
            start = p.start.earliest if p.start else dt.date(1815, 1, 1)
            end = p.end.earliest if p.end else until
            width = max(end - start, dt.timedelta(days=30))
            # Imprecise dates are drawn hatched: the bar's edge is not a known day.
            fuzzy = (p.start and p.start.precision.value != "day") or (
                p.end and p.end.precision.value != "day"
            )
            ax.barh(
                y,
                width,
                left=start,
                color=COLOURS[p.status],
                edgecolor="#333",
                linewidth=0.3,
                hatch="///" if fuzzy else None,
                height=0.8,
            )
    ax.set_yticks(range(len(rows)), [r[0] for r in rows], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(min(_first(r[1]) for r in rows), until)
    ax.set_title(f"Membership timeline: {', '.join(t.id for t in chosen)} (hatched: imprecise date)")
    used = {p.status for r in rows for p in r[1]}
    modes = {p.mode for r in rows for p in r[2]}
    handles = [Patch(facecolor=COLOURS[s], edgecolor="#333", label=s.value) for s in Status if s in used]
    handles += [
        Patch(color=TAKING_PART[m], label=f"participation: {m.value}") for m in Participation if m in modes
    ]
    # Below the axes, so that it never covers a bar.
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.08), fontsize=7, ncols=4)
    ax.grid(axis="x", alpha=0.3)
    return save(fig, out, "--out")


def _first(phases) -> dt.date:
    starts = [p.start.earliest for p in phases if p.start]
    return min(starts) if starts else dt.date(1815, 1, 1)
