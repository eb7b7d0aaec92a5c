"""A plain, readable GeoSim (ordinary Python objects, no kernels) to test the fast kernel against.

It follows the same rules in the same order and draws its random numbers from numpy's legacy
Mersenne Twister in the same sequence as the kernel's generator (Numba reproduces that
generator exactly), so for a given seed the two agree run for run. It shares no code with the
kernel: it rebuilds its fronts from the map, keeps states in dictionaries and wars as linked
objects. It is also the baseline of the speed benchmark. Rules: Cederman (2003), APSR 97(1);
page numbers in rules.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from foedus.models.geosim.params import GeoSimParams
from foedus.sim.seeding import SeedLike, mt_key, reference_generator

NO_FIGHT = -(10**9)


@dataclass
class State:
    capital: int
    size: int = 1
    res: float = 0.0
    thresh: float = 2.0
    tax: float = 0.0
    alert: bool = False
    campaign: int = -1
    war: War | None = None
    last_fought: int = NO_FIGHT
    damage: float = 0.0


@dataclass
class War:
    start: int
    end: int
    severity: float = 0.0
    participants: int = 0
    active: int = 0
    merged_into: War | None = None

    def root(self) -> War:
        w = self
        while w.merged_into is not None:
            w = w.merged_into
        return w


@dataclass
class Front:
    """The directed relation i -> j: i's allocation and action towards j, with the border cells."""

    src: int
    dst: int
    pairs: list[tuple[int, int]] = field(default_factory=list)  # (i's cell, j's cell)
    alloc: float = 0.0
    act: bool = False
    fought: bool = False


class ReferenceGeoSim:
    def __init__(self, params: GeoSimParams, seed: SeedLike = None, key: np.ndarray | None = None):
        self.p = params
        self.seed = seed
        self.rng = reference_generator(mt_key(seed) if key is None else key)
        self.nx, self.ny = params.nx, params.ny
        self.n = self.nx * self.ny
        self.owner = self._grow_founders()
        self.states: dict[int, State] = {}
        for c in range(self.n):
            s = self.owner[c]
            if s not in self.states:
                self.states[s] = State(s, size=0, thresh=params.distThresh)
            self.states[s].size += 1
        self.fronts: dict[tuple[int, int], Front] = {}
        self.map_changed = True
        self.tax_changed = True
        self.wars: list[tuple[int, int, float, int, bool]] = []
        self.state_counts = [len(self.states)]
        self.largest = [max(st.size for st in self.states.values())]

    # ----- geometry -----
    def neighbours(self, c: int) -> list[int]:
        x, y = c % self.nx, c // self.nx
        out = []
        if x > 0:
            out.append(c - 1)
        if x < self.nx - 1:
            out.append(c + 1)
        if y > 0:
            out.append(c - self.nx)
        if y < self.ny - 1:
            out.append(c + self.nx)
        return out

    def distance(self, a: int, b: int) -> float:
        return math.hypot(a % self.nx - b % self.nx, a // self.nx - b // self.nx)

    def discount(self, d: float, theta: float) -> float:
        p = self.p
        if p.switch_dist_exponent == "as_printed":
            return (
                p.distOffset
                if d == 0
                else p.distOffset + (1 - p.distOffset) / (1 + (d / theta) ** -p.distSlope)
            )
        return p.distOffset + (1 - p.distOffset) / (1 + (d / theta) ** p.distSlope)

    @staticmethod
    def logistic(bal: float, thresh: float, slope: float) -> float:
        if bal <= 0:
            return 0.0
        if math.isinf(bal):
            return 1.0
        return 1.0 / (1.0 + (bal / thresh) ** -slope)

    # ----- setup -----
    def _grow_founders(self) -> list[int]:
        owner = [-1] * self.n
        founders = [int(f) for f in self.rng.permutation(self.n)[: self.p.initPolarity]]
        for f in founders:
            owner[f] = f
        changed = True
        while changed:
            changed = False
            for f in founders:
                frontier = [
                    c2 for c in range(self.n) if owner[c] == f for c2 in self.neighbours(c) if owner[c2] == -1
                ]
                if not frontier:
                    continue
                while True:  # uniform over distinct unclaimed cells
                    pick = frontier[self.rng.randint(len(frontier))]
                    if self.rng.random_sample() * frontier.count(pick) < 1.0:
                        break
                owner[pick] = f
                changed = True
        return owner

    def rebuild_fronts(self) -> None:
        """Fronts from the map; existing fronts keep last period's allocation and actions."""
        pairs: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for c in range(self.n):
            for c2 in (c + 1, c + self.nx):
                if (c2 == c + 1 and c % self.nx == self.nx - 1) or c2 >= self.n:
                    continue
                a, b = self.owner[c], self.owner[c2]
                if a != b:
                    pairs.setdefault((a, b), []).append((c, c2))
                    pairs.setdefault((b, a), []).append((c2, c))
        degree: dict[int, int] = {}
        for a, _ in pairs:
            degree[a] = degree.get(a, 0) + 1
        fronts = {}
        for key in sorted(pairs, key=lambda k: k[0] * self.n + k[1]):
            old = self.fronts.get(key)
            f = Front(key[0], key[1], pairs[key])
            if old is not None:
                f.alloc, f.act, f.fought = old.alloc, old.act, old.fought
            else:
                f.alloc = self.states[key[0]].res / degree[key[0]]
            fronts[key] = f
        self.fronts = fronts
        self.map_changed = False

    def fronts_of(self, i: int) -> list[Front]:
        return [f for (a, _), f in self.fronts.items() if a == i]

    # ----- one period -----
    def step(self, t: int) -> None:
        p = self.p
        observing = t > p.initPeriod
        if self.map_changed:
            self.rebuild_fronts()
        if observing and p.pShock > 0:
            frontier = p.distThresh + (t - p.initPeriod) * p.shockSize / p.duration
            for s in range(self.n):
                if s in self.states and self.rng.random_sample() < p.pShock:
                    self.states[s].thresh = frontier
                    self.tax_changed = True
        if self.tax_changed or t == 1:
            for st in self.states.values():
                st.tax = 0.0
            for c in range(self.n):
                s = self.owner[c]
                if c != s:
                    st = self.states[s]
                    st.tax += self.discount(self.distance(c, s), st.thresh)
            self.tax_changed = False
        if t == 1:
            for st in self.states.values():
                st.res = 1.0 + st.tax if p.switch_initial_resources == "steady_state" else 1.0
            for f in self.fronts.values():
                f.alloc = self.states[f.src].res / len(self.fronts_of(f.src))
        for s in sorted(self.states):  # resource updating
            st = self.states[s]
            st.res = max(0.0, (1 - p.resChange) * st.res + p.resChange * (1 + st.tax - st.damage))
            st.damage = 0.0
        by_state: dict[int, list[Front]] = {}
        for f in self.fronts.values():
            by_state.setdefault(f.src, []).append(f)
        alloc = self.allocate(by_state)
        act = {k: f.act or self.fronts[(k[1], k[0])].act for k, f in self.fronts.items()}
        path: dict[tuple[int, int], tuple[int, int]] = {}
        self.decide(by_state, alloc, act, path)
        claims, combat = self.fight(t, observing, alloc, act, path)
        self.conquer(claims)
        self.update_alert(by_state, combat)
        if observing:
            self.close_wars(t)
        for k, f in self.fronts.items():
            f.alloc = alloc[k]
            f.act = act[k] and k not in self._repulsed
            f.fought = combat.get(k, False)
        self.state_counts.append(len(self.states))
        self.largest.append(max(st.size for st in self.states.values()))

    def allocate(self, by_state: dict[int, list[Front]]) -> dict[tuple[int, int], float]:
        """Hybrid fixed/mobile allocation, p. 147."""
        p = self.p
        out = {}
        for s, fronts in by_state.items():
            res, n = self.states[s].res, len(fronts)
            opp = [self.fronts[(f.dst, f.src)].alloc for f in fronts]
            enemy = sum(
                o for o, f in zip(opp, fronts, strict=True) if f.fought or p.switch_enemy_res == "all_fronts"
            )
            fixed, mobile = (1 - p.propMobile) * res / n, p.propMobile * res
            for o, f in zip(opp, fronts, strict=True):
                if enemy == 0:
                    out[(s, f.dst)] = fixed + mobile
                elif f.fought:
                    out[(s, f.dst)] = fixed + o / enemy * mobile
                else:
                    out[(s, f.dst)] = fixed + o / (enemy + o) * mobile
        return out

    def choose_path(self, f: Front) -> tuple[int, int]:
        """A uniformly chosen target cell, then a uniformly chosen attacking cell next to it
        (agent first: the reverse)."""
        first = 0 if self.p.switch_battle_path == "agent_first" else 1
        cells = sorted({pair[first] for pair in f.pairs})
        cell = cells[self.rng.randint(len(cells))]
        same = [pair for pair in f.pairs if pair[first] == cell]
        return same[self.rng.randint(len(same))]

    def balance(self, f: Front, path: tuple[int, int], alloc) -> float:
        """The local balance at the battle path: both sides discounted at the target cell, or
        each at its own cell."""
        i, j = self.states[f.src], self.states[f.dst]
        agent, target = path
        theta_j = i.thresh if self.p.switch_balance_curve == "initiator" else j.thresh
        site_i = agent if self.p.switch_balance_site == "own_cells" else target
        own = self.discount(self.distance(site_i, f.src), i.thresh) * alloc[(f.src, f.dst)]
        opp = self.discount(self.distance(target, f.dst), theta_j) * alloc[(f.dst, f.src)]
        if opp <= 0:
            return math.inf if own > 0 else 0.0
        return own / opp

    def decide(self, by_state, alloc, act, path) -> None:
        """Grim trigger, then unprovoked attacks and campaigns, pp. 139, 148."""
        p = self.p
        busy = {k[0] for k, a in act.items() if a}
        live = sorted(self.states)
        for i in (live[int(k)] for k in self.rng.permutation(len(live))):
            if i not in by_state:
                continue
            st, fronts = self.states[i], by_state[i]
            target = None
            if st.campaign >= 0:
                if st.campaign in self.states:
                    target = next((f for f in fronts if f.dst == st.campaign), None)
                if target is None:
                    st.campaign = -1
            if (
                target is not None
                and p.switch_campaign_drop == "every_decision"
                and self.rng.random_sample() < p.pDropCampaign
            ):
                st.campaign, target = -1, None
            if p.switch_attack_guard == "as_printed":
                go = (
                    (i not in busy and self.rng.random_sample() < p.pAttack) or st.alert or target is not None
                )
            else:
                go = (
                    i not in busy or st.alert or target is not None
                ) and self.rng.random_sample() < p.pAttack
            if not go:
                continue
            f = target if target is not None else fronts[self.rng.randint(len(fronts))]
            if act[(f.src, f.dst)]:
                continue
            path[(f.src, f.dst)] = self.choose_path(f)
            bal = self.balance(f, path[(f.src, f.dst)], alloc)
            if self.rng.random_sample() < self.logistic(bal, p.supThresh, p.supSlope):
                act[(f.src, f.dst)] = True
                st.campaign = f.dst
                if p.switch_decision_order == "decide_first":
                    path[(f.src, f.dst)] = self.choose_path(f)
            elif target is not None and p.switch_stalled_campaign == "ended":
                st.campaign = -1

    def fight(self, t, observing, alloc, act, path):
        """Battles, damage and war clustering, pp. 140-141, 148."""
        p = self.p
        claims, combat = [], {}
        self._repulsed = set()
        for key, f in self.fronts.items():
            i, j = key
            if not (act[key] or act[(j, i)]):
                continue
            combat[key] = True
            si, sj = self.states[i], self.states[j]
            si.last_fought = t
            if i < j:
                d_i, d_j = self.damage(alloc[key], alloc[(j, i)], act[key], act[(j, i)])
                si.damage += d_i
                sj.damage += d_j
                if observing and ((act[key] and act[(j, i)]) or p.switch_severity_fronts == "all_combat"):
                    self.join_war(t, si, sj, d_i + d_j)
            if not act[key]:
                continue
            if key not in path:
                path[key] = self.choose_path(f)
            q = self.logistic(self.balance(f, path[key], alloc), p.victThresh, p.victSlope)
            won = self.rng.random_sample() < q
            if p.switch_victory == "independent" and self.rng.random_sample() < 1 - q:
                self._repulsed.add(key)
                if p.switch_repulse == "all_action_stops":  # the defender prevails: all action stops
                    self._repulsed.add((j, i))
            elif won:
                claims.append((i, j, path[key][1], path[key][0]))
            if (
                p.switch_campaign_drop == "after_battle"
                and si.campaign == j
                and self.rng.random_sample() < p.pDropCampaign
            ):
                si.campaign = -1
        return claims, combat

    def damage(self, a_ij, a_ji, i_att, j_att):
        prop, rule = self.p.propDamage, self.p.switch_damage
        if rule == "opponent_both" or (i_att and j_att and rule == "victim_only_one_sided"):
            return prop * a_ji, prop * a_ij
        if rule == "victim_only_one_sided":
            return (prop * a_ji if j_att else 0.0), (prop * a_ij if i_att else 0.0)
        return prop * a_ij, prop * a_ji

    def join_war(self, t, si: State, sj: State, severity: float) -> None:
        wi = si.war.root() if si.war else None
        wj = sj.war.root() if sj.war else None
        if wi is None and wj is None:
            wi = War(t, t)
        if wi is None:
            wi, wj = wj, None
        if wj is not None and wj is not wi:
            wj.merged_into = wi
            wi.severity += wj.severity
            wi.start, wi.end = min(wi.start, wj.start), max(wi.end, wj.end)
            wi.participants += wj.participants
            wi.active += wj.active
        for s in (si, sj):
            if s.war is None:
                s.war = wi
                wi.participants += 1
                wi.active += 1
        wi.severity += severity
        wi.end = t

    def leave_war(self, st: State) -> None:
        if st.war is None:
            return
        w = st.war.root()
        st.war = None
        w.active -= 1
        if w.active == 0:
            self.wars.append(
                (w.start, w.end, w.severity * self.p.switch_severity_scale, w.participants, True)
            )

    def conquer(self, claims) -> None:
        """Conquest, collapse and contiguity repair, pp. 148-149."""
        if not claims:
            return
        locked = set()
        for k in (int(x) for x in self.rng.permutation(len(claims))):
            i, j, target, agent = claims[k]
            if (
                i not in self.states
                or j not in self.states
                or self.owner[target] != j
                or self.owner[agent] != i
                or target in locked
                or agent in locked
            ):
                continue
            locked |= {target, agent}
            self.map_changed = self.tax_changed = True
            victim = self.states[j]
            share = self.new_state_resources(victim)
            if target == j and victim.size == 1:
                self.owner[target] = i
                self.states[i].size += 1
                self.kill(j)
            elif target == j:
                for c in range(self.n):
                    if self.owner[c] == j and c != j:
                        self.birth(c, victim, share)
                self.kill(j)
                if self.p.switch_capital_annexed:
                    self.owner[j] = i
                    self.states[i].size += 1
                else:
                    self.birth(j, victim, share)
            else:
                self.owner[target] = i
                self.states[i].size += 1
                victim.size -= 1
                reached = self.reach(j)
                if len(reached) < victim.size:
                    for c in range(self.n):
                        if self.owner[c] == j and c not in reached:
                            self.birth(c, victim, share)
                            if self.p.switch_new_state_resources == "centre_share":
                                victim.res -= share
                    victim.size = len(reached)

    def reach(self, j: int) -> set[int]:
        seen, todo = {j}, [j]
        while todo:
            c = todo.pop()
            for c2 in self.neighbours(c):
                if self.owner[c2] == j and c2 not in seen:
                    seen.add(c2)
                    todo.append(c2)
        return seen

    def new_state_resources(self, parent: State) -> float:
        """What a newly sovereign unit starts with: one unit, nothing, or an equal share of the
        centre's resources (Cederman 1997, p. 89)."""
        rule = self.p.switch_new_state_resources
        return {"unit": 1.0, "zero": 0.0}.get(rule, parent.res / parent.size if parent.size else 0.0)

    def birth(self, c: int, parent: State, res: float) -> None:
        self.owner[c] = c
        self.states[c] = State(c, size=1, res=res, thresh=parent.thresh)

    def kill(self, j: int) -> None:
        self.leave_war(self.states[j])
        del self.states[j]

    def update_alert(self, by_state, combat) -> None:
        fighting = {k[0] for k in combat}
        for s in range(self.n):
            if s not in self.states:
                continue
            st = self.states[s]
            if not self.p.switch_context_activation:
                st.alert = False
                continue
            hot = s in fighting or any(f.dst in fighting for f in by_state.get(s, []))
            if hot:
                st.alert = True
            elif st.alert and self.rng.random_sample() < self.p.pDeactivate:
                st.alert = False

    def close_wars(self, t: int) -> None:
        for s in range(self.n):
            st = self.states.get(s)
            if st is not None and st.war is not None and t - st.last_fought > self.p.warShadow:
                self.leave_war(st)

    def run(self):
        from foedus.models.geosim.model import build_result
        from foedus.models.geosim.world import WAR_DTYPE

        for t in range(1, self.p.periods + 1):
            self.step(t)
        if self.p.switch_open_wars == "include":
            seen = []
            for _, st in sorted(self.states.items()):
                if st.war is not None and st.war.root() not in seen:
                    w = st.war.root()
                    seen.append(w)
                    self.wars.append(
                        (w.start, w.end, w.severity * self.p.switch_severity_scale, w.participants, False)
                    )
        wars = np.zeros(len(self.wars), dtype=WAR_DTYPE)  # no alliances here: no obligations
        for k, (start, end, severity, participants, closed) in enumerate(self.wars):
            wars[k]["start"], wars[k]["end"], wars[k]["severity"] = start, end, severity
            wars[k]["participants"], wars[k]["closed"] = participants, closed
        resources = np.zeros(self.n)
        for s, st in self.states.items():
            resources[s] = st.res
        return build_result(
            self.p, self.seed, self.state_counts, wars, self.owner, resources, largest=self.largest
        )


def run_reference(params: GeoSimParams, seed: SeedLike = None, key: np.ndarray | None = None):
    """The reference run; `key` overrides the seed with a Mersenne Twister key."""
    return ReferenceGeoSim(params, seed, key).run()
