"""A plain-Python EARTH, written from docs/earth.md rule by rule, independent of the kernel's arrays.

It draws uniform numbers from numpy's legacy Mersenne Twister on the run's key, in the order the
rules consume them, so for the same parameters and seed it must give the kernel's tables exactly
(check_model tests this). It is slow on purpose: clear code over speed.
"""

from __future__ import annotations

import math

from foedus.models.earth.model import build_result, kernel_inputs, sample_every
from foedus.models.earth.params import (
    AGGRESSOR,
    COLLECTIVE_SECURITY,
    LAISSEZ_FAIRE,
    POWER_SEEKER,
    REALPOLITIK,
    EarthParams,
)
from foedus.sim.seeding import mt_key, reference_generator


class World:
    def __init__(self, p: EarthParams, seed):
        self.p = p
        self.rng = reference_generator(mt_key(seed))
        x = kernel_inputs(p)
        off, adj = x["off"], x["adj"]
        self.n = len(off) - 1
        self.cell_nb = [list(adj[off[c] : off[c + 1]]) for c in range(self.n)]
        self.owner = list(range(self.n))
        self.duty = x["duty"] if len(x["duty"]) == self.n else None
        self.reach = x["reach"] if len(x["reach"]) == self.n else None
        self.aggressor = x["aggressor"]
        self.power = [float(v) for v in x["power0"]] or self._draw_powers()
        self.style = [int(v) for v in x["style0"]] or self._draw_styles()
        self.style_start = list(self.style)
        self.power_start = list(self.power)
        self.alive = [True] * self.n
        self.cells = [1] * self.n
        self.died = [-1] * self.n
        self.attacked = [0] * self.n
        self.joined = [0] * self.n
        self.treaty_joined = [0] * self.n
        self.helped = [0] * self.n
        self.activations = 0

    # --- random numbers, exactly as the kernel draws them ---
    def u(self) -> float:
        return self.rng.random_sample()

    def normal(self) -> float:
        u1, u2 = self.u(), self.u()
        return math.sqrt(-2.0 * math.log(1.0 - u1)) * math.cos(2.0 * math.pi * u2)

    def estimate(self, x: float) -> float:
        s = self.p.misperception
        if self.p.switch_misperception == "variable":
            s = 2.0 * s * self.u()
        return x * (1.0 + s * self.normal())

    # --- R2, R5: the initial system ---
    def _draw_powers(self) -> list[float]:
        p = self.p
        return [max(1.0, p.power_mean + p.power_sd * self.normal() if p.power_sd > 0 else p.power_mean)
                for _ in range(self.n)]  # fmt: skip

    def _draw_styles(self) -> list[int]:
        p = self.p
        styles = [REALPOLITIK] * self.n
        shares = [p.share_collective_security, p.share_laissez_faire, p.share_power_seeker]
        if sum(shares) > 0:
            perm = list(range(self.n))
            for k in range(self.n - 1, 0, -1):
                r = int(self.u() * (k + 1))
                perm[k], perm[r] = perm[r], perm[k]
            at = 0
            for share, code in zip(shares, (COLLECTIVE_SECURITY, LAISSEZ_FAIRE, POWER_SEEKER), strict=True):
                m = int(round(share * self.n))
                for q in range(at, min(self.n, at + m)):
                    styles[perm[q]] = code
                at += m
        return styles

    # --- geometry ---
    def borders(self, s: int, exclude: set[int]) -> list[int]:
        """States bordering s, in the order their cells are met (each once), skipping `exclude`."""
        out: list[int] = []
        for c in range(self.n):
            if self.owner[c] == s:
                for c2 in self.cell_nb[c]:
                    o = self.owner[c2]
                    if o != s and o not in exclude and o not in out:
                        out.append(o)
        return out

    def eff(self, k: int, theatre: int) -> float:
        return self.power[k] * (self.reach[k, theatre] if self.reach is not None else 1.0)

    def perceived(self, observer: int, coalition: list[int], theatre: int) -> float:
        return sum(self.estimate(self.eff(m, theatre)) for m in coalition)

    # --- R6 ---
    def choose_target(self, i: int, neighbours: list[int]) -> int | None:
        p = self.p
        rule = "min_power" if self.style[i] == POWER_SEEKER else p.switch_target
        if self.style[i] == AGGRESSOR and p.switch_aggressor == "divide_and_conquer":
            best, best_defence = None, 0.0
            for j in neighbours:
                defence = self.estimate(self.power[j])
                if self.duty is not None:
                    for k in range(self.n):
                        if self.duty[k, j] > 0 and k != i:
                            defence += self.duty[k, j] * self.estimate(self.eff(k, j))
                own = self.estimate(self.eff(i, j))
                if own > defence and (best is None or defence < best_defence):
                    best, best_defence = j, defence
            return best
        best, best_score = None, 0.0
        for j in neighbours:
            theirs = self.estimate(self.power[j])
            if rule == "min_power":
                if best is None or theirs < best_score:
                    best, best_score = j, theirs
                continue
            own = self.estimate(self.eff(i, j))
            score = own - theirs if rule == "max_difference" else own / max(theirs, 1e-300)
            if own > theirs and (best is None or score > best_score):
                best, best_score = j, score
        if rule == "min_power" and best is not None:
            if not self.estimate(self.eff(i, best)) > best_score:
                return None
        return best

    # --- R7 ---
    def accepts(self, k: int, mine: list[int], other: list[int], theatre: int, target_side: bool) -> bool:
        if self.style[k] == COLLECTIVE_SECURITY:
            return target_side
        if self.style[k] != REALPOLITIK:
            return False
        a = self.perceived(k, mine, theatre)
        b = self.perceived(k, other, theatre)
        return a < b if self.p.switch_join == "balance" else a > b

    def recruit(self, r, mine, other, pool, theatre, target_side, all_must_accept) -> bool:
        """r recruits into `mine` (a list, in state order when perceived) against `other`."""
        ours = self.perceived(r, sorted(mine), theatre)
        theirs = self.perceived(r, sorted(other), theatre)
        if ours > theirs:
            return True
        free = [k for k in pool if self.alive[k] and k not in mine and k not in other]
        estimates = [self.estimate(self.eff(k, theatre)) for k in free]
        ranked = sorted(range(len(free)), key=lambda q: -estimates[q])  # stable, as the kernel's
        for q in ranked:
            k = free[q]
            if self.accepts(k, sorted(mine), sorted(other), theatre, target_side):
                mine.append(k)
                ours += estimates[q]
                if ours > theirs:
                    return True
            elif all_must_accept:
                return False
        return ours > theirs

    # --- one iteration: who acts (R0) ---
    def iteration(self, t: int, crises: list) -> None:
        p = self.p
        self.busy: set[int] = set()
        if p.switch_activation == "aggressor_only":
            self.crisis(self.aggressor, t, crises)
            self.activations += 1
        elif p.switch_scheduling == "serial":
            live = [k for k in range(self.n) if self.alive[k]]
            x = self.u() * sum(self.power[k] for k in live)
            for i in live:
                x -= self.power[i]
                if x < 0:
                    break
            self.crisis(i, t, crises)
            self.activations += 1
        else:  # concurrent: everyone in a random order, each with P = power / the largest power
            order = [k for k in range(self.n) if self.alive[k]]
            top = max(self.power[k] for k in order)
            for k in range(len(order) - 1, 0, -1):
                r = int(self.u() * (k + 1))
                order[k], order[r] = order[r], order[k]
            for k in order:
                if self.alive[k] and k not in self.busy and self.u() < self.power[k] / top:
                    self.crisis(k, t, crises)
                    self.activations += 1

    # --- R5-R11 for one actor ---
    def crisis(self, i: int, t: int, crises: list) -> None:
        p = self.p
        if self.style[i] == COLLECTIVE_SECURITY:
            return
        j = self.choose_target(i, sorted(x for x in self.borders(i, {i}) if x not in self.busy))
        if j is None:
            return
        row = dict.fromkeys(("stage", "fought", "won", "na", "nt", "a", "b", "obliged", "honoured",
                             "deaths", "taken", "cost"), 0)  # fmt: skip
        row.update(t=t, i=i, j=j)
        crises.append(row)
        pool = self.borders(i, {i, j})
        if p.switch_joiners == "neighbours_of_either":
            pool += self.borders(j, {i, j, *pool})
        pool = sorted(k for k in pool if k not in self.busy)
        attackers, defenders, bound = [i], [j], []
        if self.duty is not None:
            for k in range(self.n):
                if self.alive[k] and k not in (i, j) and self.duty[k, j] > 0 and k not in self.busy:
                    row["obliged"] += 1
                    if self.u() < self.duty[k, j]:
                        defenders.append(k)
                        bound.append(k)
                        row["honoured"] += 1
        for k in pool:
            if self.style[k] == COLLECTIVE_SECURITY and k not in defenders:
                defenders.append(k)
        self.recruit(j, defenders, attackers, pool, j, True, False)
        stage = 2
        war = self.perceived(i, sorted(attackers), j) > self.perceived(i, sorted(defenders), j)
        if not war and self.recruit(i, attackers, defenders, pool, j, False, True):
            stage = 4
            self.recruit(j, defenders, attackers, pool, j, True, False)
            war = self.perceived(i, sorted(attackers), j) > self.perceived(i, sorted(defenders), j)
        row["stage"] = stage if war else -stage
        a = sum(self.eff(k, j) for k in sorted(attackers))
        b = sum(self.eff(k, j) for k in sorted(defenders))
        row.update(na=len(attackers), nt=len(defenders), a=a, b=b)
        if not war:
            return
        row["fought"] = 1
        self.war(t, i, j, sorted(attackers), sorted(defenders), a, b, row)
        for k in sorted(attackers + defenders):
            if k not in (i, j):
                self.joined[k] += 1
        for k in bound:
            self.treaty_joined[k] += 1
            self.helped[j] += 1
        self.attacked[j] += 1
        if p.switch_scheduling == "concurrent":
            self.busy |= set(attackers + defenders)  # one war per state per iteration

    # --- R8-R11 ---
    def war(self, t, i, j, attackers, defenders, a, b, row) -> None:
        p = self.p
        if p.switch_outcome == "lognormal_cdf":
            q = 0.5 * (1.0 + math.erf(math.log(a / b) / (p.victory_scale * math.sqrt(2.0))))
        elif p.switch_outcome == "stronger_wins":
            q = 1.0 if a > b else (0.0 if a < b else 0.5)
        else:
            q = a / (a + b)
        won = self.u() < q
        row["won"] = int(won)
        winners, losers = (attackers, defenders) if won else (defenders, attackers)
        leader, loser = (i, j) if won else (j, i)
        lsr = max(a, b) / (a + b)
        c = (1.0 - (lsr - 0.5) / 0.5) * p.cost_max
        w = min(p.cost_disparity, p.cost_max * self.u())
        destroyed = 0.0
        for k in sorted(winners + losers):
            before = self.power[k]
            if k in winners:
                cost = max(0.01, c - w) if p.cost_max > 0 else 0.0
                self.power[k] = max(min(before, 1.0), before * (1.0 - cost))
            else:
                self.power[k] = before * (1.0 - min(1.0, c + w))
            destroyed += before - self.power[k]
        if p.switch_spoils == "power_share":
            share = (q if won else 1.0 - q) * self.power[loser]
            self.power[loser] -= share
            self.power[leader] += share
        else:
            k_cells = (
                1
                if p.switch_spoils == "one_cell"
                else max(1, int(round(2 * (lsr - 0.5) * self.cells[loser])))
            )
            for _ in range(k_cells):
                if self.cells[loser] == 0:
                    break
                frontier = [c2 for c2 in range(self.n) if self.owner[c2] == loser
                            and any(self.owner[x] in winners for x in self.cell_nb[c2])]  # fmt: skip
                if not frontier:
                    break
                cell = frontier[int(self.u() * len(frontier))]
                takers = [self.owner[x] for x in self.cell_nb[cell] if self.owner[x] in winners]
                taker = takers[int(self.u() * len(takers))]
                per_cell = self.power[loser] / self.cells[loser]
                self.power[loser] -= per_cell
                self.power[taker] += per_cell
                self.owner[cell] = taker
                self.cells[loser] -= 1
                self.cells[taker] += 1
                row["taken"] += 1
        if p.reparations > 0:
            pot = 0.0
            for k in sorted(losers):
                pot += p.reparations * self.power[k]
                self.power[k] -= p.reparations * self.power[k]
            total = sum(self.power[k] for k in winners)
            for k in sorted(winners):
                self.power[k] += pot * self.power[k] / total
        for k in sorted(losers):
            if self.power[k] < p.death_threshold or self.cells[k] == 0:
                self.alive[k] = False
                self.died[k] = t
                row["deaths"] += 1
                self.power[leader] += self.power[k]
                self.power[k] = 0.0
                for c2 in range(self.n):
                    if self.owner[c2] == k:
                        self.owner[c2] = leader
                self.cells[leader] += self.cells[k]
                self.cells[k] = 0
        row["cost"] = destroyed
        if p.switch_adaptation == "adopt_winner_style":
            for k in sorted(losers):
                if self.alive[k] and self.style[k] != self.style[leader] and self.u() < p.adaptation_rate:
                    self.style[k] = self.style[leader]


def run_reference(params: EarthParams, seed=None):
    w = World(params, seed)
    p = params
    every = sample_every(p)
    crises: list[dict] = []
    series = [(0, w.n, max(w.power) / sum(w.power), 1.0 / w.n)]
    start = sum(w.power)
    growth = 0.0
    hegemony, t = -1, 0
    for t in range(1, p.iterations + 1):
        if p.switch_activation == "aggressor_only" and not w.alive[w.aggressor]:
            t -= 1
            break
        w.iteration(t, crises)
        if sum(w.alive) == 1:
            hegemony = t
            series.append((t, 1, 1.0, 1.0))
            break
        for k in range(w.n):
            if w.alive[k]:
                g = p.growth_mean + p.growth_sd * w.normal() if p.growth_sd > 0 else p.growth_mean
                new = max(p.death_threshold, w.power[k] * (1.0 + g))
                growth += new - w.power[k]
                w.power[k] = new
        if t % every == 0 or t == p.iterations:
            live = [w.power[k] for k in range(w.n) if w.alive[k]]
            series.append((t, len(live), max(live) / sum(live), max(w.cells) / w.n))
    rec = [[r["t"], r["i"], r["j"], r["stage"], r["fought"], r["won"], r["na"], r["nt"], r["a"], r["b"],
            r["obliged"], r["honoured"], r["deaths"], r["taken"], r["cost"]] for r in crises]  # fmt: skip
    states = [[w.died[k], w.style[k], w.cells[k], w.power[k] if w.alive[k] else 0.0, w.attacked[k],
               w.joined[k], w.treaty_joined[k], w.helped[k]] for k in range(w.n)]  # fmt: skip
    destroyed = sum(r["cost"] for r in crises)
    ledger = [start, growth, destroyed, sum(w.power), hegemony, t, w.activations]
    out = (w.style_start, w.power_start, rec, states, series, ledger, w.owner)
    return build_result(params, seed, out)
