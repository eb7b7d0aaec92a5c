"""Figures for simulation results: war-size distribution, number of states, maps.

Matplotlib's object-oriented API only (no pyplot, no backend switch), so importing foedus never
changes how a notebook shows its plots; each function writes a file and returns its path.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from foedus.errors import PathError
from foedus.models.geosim.measures import LOG_CUTOFF, ccdf, fit_war_sizes
from foedus.paths import output_file

FIGURE_SUFFIXES = (".png", ".svg", ".pdf")


def new_figure(width: float, height: float):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    return fig, fig.add_subplot()


def save(fig, out: str | Path, what: str = "figure") -> Path:
    out = output_file(out, what, FIGURE_SUFFIXES)
    fig.tight_layout()
    try:
        fig.savefig(out, dpi=110)
    except OSError as exc:
        raise PathError(f"{what} {out}: cannot write the file ({exc.strerror or exc})") from None
    return out


def plot_war_sizes(severities, out: str | Path, title: str = "War-size distribution") -> Path:
    """Cumulative distribution P(S >= s) on log-log axes with the OLS fit above the cut-off."""
    sev = np.asarray(severities, dtype=float)
    sev = sev[sev > 0]
    fit = fit_war_sizes(sev)
    fig, ax = new_figure(5.5, 4.5)
    if len(sev):
        s, p = ccdf(sev)
        ax.plot(np.log10(s), np.log10(p), ".", ms=3, color="#555", label=f"all wars (n={len(sev)})")
        kept = sev[np.log10(sev) >= LOG_CUTOFF]
        if len(kept) >= 3 and not np.isnan(fit.slope):
            ks, kp = ccdf(kept)
            x = np.log10(ks)
            ax.plot(x, np.log10(kp), ".", ms=3, color="#2b6cb0", label=f"fitted (n={fit.wars})")
            ax.plot(
                x,
                fit.intercept + fit.slope * x,
                "-",
                color="#c53030",
                label=f"D = {fit.slope:.2f}, R² = {fit.r2:.3f}",
            )
        ax.axvline(LOG_CUTOFF, ls=":", color="#999")
    ax.set_xlabel("log10 war severity s")
    ax.set_ylabel("log10 P(S ≥ s)")
    ax.set_title(title)
    ax.legend(fontsize=8)
    return save(fig, out, "--wars-figure")


def plot_states(states, out: str | Path, init_period: int | None = None) -> Path:
    fig, ax = new_figure(6, 3.5)
    ax.plot(np.arange(len(states)), states, lw=1)
    if init_period:
        ax.axvline(init_period, ls=":", color="#999", label="end of initial phase")
        ax.legend(fontsize=8)
    ax.set_xlabel("period")
    ax.set_ylabel("sovereign states")
    ax.set_title("Number of states over time")
    return save(fig, out)


def plot_map(owner_map: np.ndarray, out: str | Path, title: str = "") -> Path:
    """Each state in its own colour; capitals as black dots."""
    ids = np.unique(owner_map)
    rng = np.random.default_rng(12345)  # fixed palette: the same state keeps its colour
    palette = rng.uniform(0.25, 0.95, size=(owner_map.size, 3))
    fig, ax = new_figure(5, 5)
    ax.imshow(palette[owner_map], interpolation="nearest")
    nx = owner_map.shape[1]
    caps = ids[owner_map.ravel()[ids] == ids]
    ax.plot(caps % nx, caps // nx, "k.", ms=2)
    ax.set_title(title or f"{len(ids)} states")
    ax.set_xticks([])
    ax.set_yticks([])
    return save(fig, out, "--map")


def plot_regime_map(owner_map: np.ndarray, regimes: np.ndarray, out: str | Path, title: str = "") -> Path:
    """Democracies in blue, autocracies in grey (a lighter shade per state); capitals as dots."""
    ids = np.unique(owner_map)
    rng = np.random.default_rng(12345)
    shade = rng.uniform(0.55, 0.95, size=owner_map.size)
    grey = np.stack([shade, shade, shade], axis=-1)
    blue = np.stack([0.15 * shade, 0.4 * shade, shade], axis=-1)
    colours = np.where((np.asarray(regimes) == 1)[:, None], blue, grey)
    fig, ax = new_figure(5, 5)
    ax.imshow(colours[owner_map], interpolation="nearest")
    nx = owner_map.shape[1]
    caps = ids[owner_map.ravel()[ids] == ids]
    ax.plot(caps % nx, caps // nx, "k.", ms=2)
    dem = int(np.sum(np.asarray(regimes)[owner_map.ravel()] == 1))
    counts = f"{len(ids)} states, {dem / owner_map.size:.0%} of cells democratic"
    ax.set_title(f"{title}: {counts}" if title else counts, fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])
    return save(fig, out, "--map")
