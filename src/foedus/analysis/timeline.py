"""Membership timeline figure: one bar per participant and phase, coloured by status."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from foedus.analysis.figures import new_figure, save
from foedus.kb.base import KnowledgeBase
from foedus.kb.schema import Status

COLOURS = {
    Status.MEMBER: "#2b6cb0",
    Status.SIGNATORY: "#90cdf4",
    Status.FROZEN: "#ed8936",
    Status.SUSPENDED: "#c53030",
    Status.OBSERVER: "#9f7aea",
    Status.PARTNER: "#b794f4",
    Status.ASSOCIATE: "#68d391",
    Status.WITHDRAWN: "#e2e8f0",
    Status.OUTSIDE_INTEGRATED_COMMAND: "#63b3ed",
    Status.CONTESTED: "#ecc94b",
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
            rows.append((label, m.phases))
    from matplotlib.patches import Patch

    height = max(3.0, 0.22 * len(rows) + 1.2)
    fig, ax = new_figure(11, height)
    for y, (_, phases) in enumerate(rows):
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
    ax.set_xlim(min(_first(ph) for _, ph in rows), until)
    ax.set_title(f"Membership timeline: {', '.join(t.id for t in chosen)} (hatched: imprecise date)")
    used = {p.status for _, phases in rows for p in phases}
    ax.legend(
        handles=[Patch(color=COLOURS[s], label=s.value) for s in Status if s in used],
        loc="lower left",
        fontsize=7,
        ncols=3,
    )
    ax.grid(axis="x", alpha=0.3)
    return save(fig, out, "--out")


def _first(phases) -> dt.date:
    starts = [p.start.earliest for p in phases if p.start]
    return min(starts) if starts else dt.date(1815, 1, 1)
