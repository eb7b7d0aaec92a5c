"""GeoSim's measures: the war-size fit (Cederman 2003, pp. 135-136, 141 fn. 8) and others.

The empirical cumulative distribution P(S >= s) of war severities is plotted on log10-log10 axes
and fitted by ordinary least squares; wars below 10^2.5 are dropped because the clustering sets
a lower detection bound. Pure numpy, so a run's summary costs no scipy import.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

LOG_CUTOFF = 2.5


@dataclass(frozen=True)
class PowerLawFit:
    slope: float  # D in log P = log C + D log s
    intercept: float  # log10 C
    r2: float
    wars: int  # wars in the fitted region
    range_decades: float  # log10(max) - log10(min) over the fitted region

    def as_dict(self) -> dict:
        return asdict(self)


def ccdf(sizes) -> tuple[np.ndarray, np.ndarray]:
    """Sizes sorted ascending and P(S >= s) for each, duplicates kept (inclusive ranks)."""
    s = np.sort(np.asarray(sizes, dtype=float))
    p = (len(s) - np.searchsorted(s, s, side="left")) / len(s)
    return s, p


def least_squares(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Slope, intercept and r of the OLS line (the same arithmetic as scipy.stats.linregress)."""
    ssxm, ssxym, _, ssym = np.cov(x, y, bias=True).flat
    if ssxm == 0.0 or ssym == 0.0:
        r = float("nan") if ssxym == 0 else 0.0
    else:
        r = float(np.clip(ssxym / np.sqrt(ssxm * ssym), -1.0, 1.0))
    slope = ssxym / ssxm
    return float(slope), float(np.mean(y) - slope * np.mean(x)), r


def fit_war_sizes(sizes, log_cutoff: float = LOG_CUTOFF) -> PowerLawFit:
    sizes = np.asarray(sizes, dtype=float)
    kept = sizes[sizes > 0]
    kept = kept[np.log10(kept) >= log_cutoff]
    if len(kept) < 3 or np.ptp(kept) == 0:
        nan = float("nan")
        return PowerLawFit(
            nan, nan, nan, int(len(kept)), 0.0 if len(kept) == 0 else float(np.ptp(np.log10(kept)))
        )
    s, p = ccdf(kept)
    slope, intercept, r = least_squares(np.log10(s), np.log10(p))
    return PowerLawFit(slope, intercept, r * r, int(len(kept)), float(np.log10(s[-1]) - np.log10(s[0])))


def largest_war_share(severities) -> float:
    """The largest war's share of all recorded war damage (NaN without wars)."""
    sev = np.asarray(severities, dtype=float)
    total = sev.sum()
    return float(sev.max() / total) if len(sev) and total > 0 else float("nan")


def state_sizes(final_map: np.ndarray) -> np.ndarray:
    """Territorial size (cells) of every state on a map of capital ids, ordered by capital."""
    return np.bincount(final_map.ravel())[np.unique(final_map)]


def first_period_at_least(series, level) -> float:
    """The first period at which `series` reaches `level` (NaN if it never does)."""
    hit = np.flatnonzero(np.asarray(series) >= level)
    return float(hit[0]) if len(hit) else float("nan")


ROLE_NONE, ROLE_MEMBER, ROLE_OBSERVER, ROLE_FROZEN, ROLE_AGGRESSOR = 0, 1, 2, 3, 4


def alliance_measures(tables: dict, params) -> dict:
    """What collective defence did: survival of the cohort by role, how members answered, and
    the spread of democracy (share of territory, Moran's I of regime between bordering states)."""
    cohort = tables["cohort"]
    alive = cohort["died_t"] < 0
    role = cohort["role"]

    def survival(mask):
        return float(alive[mask].mean()) if mask.any() else float("nan")

    # restricted mean survival time: the share of the observation phase each state lived through
    end = params.initPeriod + params.duration
    lived = (np.where(alive, end, cohort["died_t"]) - params.initPeriod) / params.duration

    def lifetime(mask):
        return float(lived[mask].mean()) if mask.any() else float("nan")

    founders = (role == ROLE_MEMBER) | (role == ROLE_FROZEN)
    # the alliance lives while two of its founding members do: until the second-longest-lived dies
    alliance_lifetime = float(np.sort(lived[founders])[-2]) if founders.sum() >= 2 else float("nan")

    wars = tables["wars"]
    with_members = (wars["obliged"] > 0) | (wars["members_lost"] > 0)
    obliged = wars["obliged"].sum()
    out = {
        "survival": survival(np.ones(len(role), bool)),
        "members_survival": survival((role == ROLE_MEMBER) | (role == ROLE_FROZEN)),
        # the alliance lives on while two of its founding members do
        "alliance_survived": float((alive & founders).sum() >= 2) if founders.any() else float("nan"),
        "alliance_lifetime": alliance_lifetime,
        "nonmembers_survival": survival(role == ROLE_NONE),
        "members_lifetime": lifetime((role == ROLE_MEMBER) | (role == ROLE_FROZEN)),
        "nonmembers_lifetime": lifetime(role == ROLE_NONE),
        "observers_survival": survival(role == ROLE_OBSERVER),
        "aggressor_survived": survival(role == ROLE_AGGRESSOR),
        "members_lost": float((((role == ROLE_MEMBER) | (role == ROLE_FROZEN)) & ~alive).sum()),
        "members_lost_per_war": float(wars["members_lost"][with_members].mean())
        if with_members.any()
        else float("nan"),
        "wars_with_obligations": float((wars["obliged"] > 0).sum()),
        "alliance_held_share": (
            float(((wars["abandoned"] == 0) & (wars["obliged"] > 0)).sum() / (wars["obliged"] > 0).sum())
            if (wars["obliged"] > 0).any()
            else float("nan")
        ),
        "honoured_share": float(wars["honoured"].sum() / obliged) if obliged else float("nan"),
        "entrapped_share": float(wars["entrapped"].sum() / obliged) if obliged else float("nan"),
    }
    if params.democracy_share > 0:
        owner = tables["territory"]["state"]
        final = tables["final_states"]
        regime = dict(zip(final["state"].tolist(), final["regime"].tolist(), strict=True))
        dem_cells = sum(regime[s] for s in owner.tolist())
        out["dem_share"] = dem_cells / len(owner)
        out["dem_states_share"] = float(np.mean(final["regime"]))
        out["morans_i"] = morans_i(owner.reshape(params.ny, params.nx), regime)
    return out


def morans_i(owner_map: np.ndarray, value: dict) -> float:
    """Moran's I of a state attribute over bordering states, weights row-standardised (each state's
    neighbours weigh 1/degree): sum_ij w_ij z_i z_j / sum_i z_i^2 (NaN if undefined)."""
    right = owner_map[:, :-1] != owner_map[:, 1:]
    down = owner_map[:-1, :] != owner_map[1:, :]
    pairs = set(zip(owner_map[:, :-1][right].tolist(), owner_map[:, 1:][right].tolist(), strict=True))
    pairs |= set(zip(owner_map[:-1, :][down].tolist(), owner_map[1:, :][down].tolist(), strict=True))
    neighbours: dict[int, set[int]] = {s: set() for s in value}
    for a, b in pairs:
        neighbours[a].add(b)
        neighbours[b].add(a)
    states = sorted(value)
    x = np.array([value[s] for s in states], dtype=float)
    z = x - x.mean()
    denom = float((z * z).sum())
    if denom == 0.0:
        return float("nan")
    index = {s: k for k, s in enumerate(states)}
    num = 0.0
    for s in states:
        nbrs = neighbours[s]
        if nbrs:
            num += z[index[s]] * sum(z[index[t]] for t in nbrs) / len(nbrs)
    return float(num / denom)
