"""Figures for experiments over replications: estimates with 95% intervals, histories, heat maps.

Every figure shows an interval with its estimate (foedus.analysis.intervals), so a reader sees
how much of a difference between settings the replications can carry.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from foedus.analysis.figures import new_figure, save
from foedus.analysis.intervals import Estimate, mean_band

COLOURS = ("#2b6cb0", "#c53030", "#2f855a", "#b7791f", "#6b46c1", "#555555")


def plot_estimates(
    x: list[float],
    series: dict[str, list[Estimate]],
    out: str | Path,
    xlabel: str,
    ylabel: str,
    title: str,
    ylim: tuple[float, float] | None = None,
) -> Path:
    """One line per series through its estimates at x, with 95% error bars."""
    fig, ax = new_figure(6, 4)
    offsets = np.linspace(-0.006, 0.006, len(series)) * (max(x) - min(x) if len(x) > 1 else 1)
    for k, (label, ests) in enumerate(series.items()):
        v = np.array([e.value for e in ests])
        lo = np.array([e.low for e in ests])
        hi = np.array([e.high for e in ests])
        xs = np.asarray(x, dtype=float) + offsets[k]
        ax.errorbar(
            xs, v, yerr=[v - lo, hi - v], fmt="o-", ms=4, capsize=3, color=COLOURS[k % len(COLOURS)],
            label=label,
        )  # fmt: skip
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if ylim:
        ax.set_ylim(*ylim)
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return save(fig, out)


def plot_histories(
    t: np.ndarray,
    groups: dict[str, np.ndarray],
    out: str | Path,
    ylabel: str,
    title: str,
    mark: int | None = None,
) -> Path:
    """Mean over runs (rows of each group's array) at each time t, with a 95% band."""
    fig, ax = new_figure(6.5, 4)
    for k, (label, runs) in enumerate(groups.items()):
        if len(runs) == 0:
            continue
        mean, lo, hi = mean_band(runs)
        colour = COLOURS[k % len(COLOURS)]
        ax.plot(t, mean, color=colour, lw=1.5, label=f"{label} (n={len(runs)})")
        ax.fill_between(t, lo, hi, color=colour, alpha=0.2, lw=0)
    if mark is not None:
        ax.axvline(mark, ls=":", color="#999")
    ax.set_xlabel("period")
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return save(fig, out)


def plot_heatmap(
    values: np.ndarray,
    xticks: list,
    yticks: list,
    out: str | Path,
    xlabel: str,
    ylabel: str,
    title: str,
    labels: list[list[str]] | None = None,
) -> Path:
    """values[i, j] at row yticks[i], column xticks[j], each cell labelled (e.g. with its interval)."""
    fig, ax = new_figure(1.6 + 1.3 * len(xticks), 1.2 + 0.8 * len(yticks))
    image = ax.imshow(values, cmap="viridis", vmin=0.0, vmax=1.0, origin="lower", aspect="auto")
    fig.colorbar(image, ax=ax, fraction=0.05)
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            text = labels[i][j] if labels else f"{values[i, j]:.2f}"
            shade = "white" if values[i, j] < 0.6 else "black"
            ax.text(j, i, text, ha="center", va="center", fontsize=7, color=shade)
    ax.set_xticks(range(len(xticks)), [str(v) for v in xticks])
    ax.set_yticks(range(len(yticks)), [str(v) for v in yticks])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=10)
    return save(fig, out)
