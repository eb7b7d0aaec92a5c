"""Build a map world from the knowledge base: a treaty's parties, observers and neighbours on a date,
their COW capabilities, present-day land borders and capitals, and every alliance in force among
them with each member's legal status, participation and duty as the law engine finds it.

`foedus scenario build --treaty CSTO --on 2016-09-01 [--aggressor external:0.5 --front ARM,TJK]`
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np

from foedus.errors import InputError
from foedus.kb.base import KnowledgeBase
from foedus.kb.queries import members
from foedus.kb.states import state
from foedus.law.matrix import MAYBE, MUST, obligation_matrix
from foedus.models.earth.world import MapWorld
from foedus.scenarios import capabilities, geography

EXTERNAL = "EXTERNAL"
CAVEAT = (
    "A thought experiment on stylised rules (EARTH, a reconstruction of Cusack & Stoll's model), "
    "not a forecast: capabilities are COW CINC shares, borders are today's land borders, and every "
    "state other than the aggressor is passive (laissez-faire: it never starts a war and joins one "
    "only when a treaty the law engine reads as binding obliges it and it honours the call)."
)


def parse_aggressor(text: str | None) -> tuple[str | None, float | None]:
    """`STATE` or `external:STRENGTH` (strength: a multiple of the alliance's combined CINC)."""
    if text is None:
        return None, None
    if text.startswith("external:"):
        raw = text.removeprefix("external:")
        try:
            strength = float(raw)
        except ValueError:
            strength = float("nan")
        if not (0 < strength <= 100):
            raise InputError(
                f"--aggressor: expected external:STRENGTH with 0 < STRENGTH <= 100, found {text!r}"
            )
        return EXTERNAL, strength
    return state(text).code, None


def _standing(kb: KnowledgeBase, treaty: str, on: dt.date) -> tuple[dict, dict]:
    """(state -> (status, participation), state -> observed body) on `on` (holding or possibly)."""
    parties, observers = {}, {}
    for s in members(kb, treaty, on):
        if s.state is None:
            continue  # a body with no state (a parliamentary assembly of a union) is not a world state
        if s.status == "observer":
            observers[s.state] = s.body or treaty
        else:
            frozen = s.participation.startswith("frozen")
            parties.setdefault(s.state, (s.status, "frozen" if frozen else "full"))
    return parties, observers


def _duty_treaty(kb: KnowledgeBase, treaty_id: str):
    t = kb.treaty(treaty_id)
    if any(p.type.value == "defense" for p in t.provisions):
        return t
    if t.built_on:
        return kb.treaty(t.built_on)
    raise InputError(f"--treaty {treaty_id}: it has no defence provision and is built on no treaty that has")


def build_world(
    kb: KnowledgeBase,
    treaty_id: str,
    on: dt.date,
    aggressor: str | None = None,
    front: list[str] | None = None,
    neighbours_of: list[str] | None = None,
    theatre: str = "home",
    name: str | None = None,
    capability_year: int | None = None,
) -> MapWorld:
    """The world of `treaty_id` on `on`. `neighbours_of`: members whose land neighbours join the
    world (default: every party); `aggressor`: STATE or external:STRENGTH, bordering `front`;
    `capability_year`: the COW year to take capabilities from (default: the date's year; an
    earlier year is an assumption the world's sources then state)."""
    geography.check_present_day(on)
    focal = kb.treaty(treaty_id)
    duty_treaty = _duty_treaty(kb, focal.id)
    parties, observers = _standing(kb, focal.id, on)
    if not parties:
        raise InputError(f"--treaty {focal.id}: no party on {on}")
    agg_code, _ = parse_aggressor(aggressor)
    codes = list(parties) + [o for o in observers if o not in parties]
    hubs = [state(x).code for x in neighbours_of] if neighbours_of is not None else list(parties)
    for hub in hubs:
        codes += [n for n in geography.country(hub).neighbours if n not in codes]
    if agg_code not in (None, EXTERNAL) and agg_code not in codes:
        codes.append(agg_code)
    year = on.year if capability_year is None else capability_year
    if year > on.year:
        raise InputError(f"--capability-year: {year} is after the world's date {on}")
    rows = []
    for code in codes:
        s = state(code)
        if s.ccode is None:
            raise InputError(f"state {code}: no COW state number in foedus/data/cow_codes.csv")
        c = geography.country(code)
        rows.append({"code": code, "name": s.name, "capability": capabilities.cinc(s.ccode, year, code),
                     "lat": c.lat, "lon": c.lon, "style": "laissez_faire",
                     "source": f"COW NMC v6.0 CINC {year}; capital {c.capital} (GeoNames)"})  # fmt: skip
    borders = []
    for a in range(len(codes)):
        for b in range(a + 1, len(codes)):
            if codes[b] in geography.country(codes[a]).neighbours:
                borders.append([codes[a], codes[b]])
    alliances = _alliances(kb, focal, duty_treaty, codes, parties, observers, on, theatre)
    world = MapWorld.model_validate({
        "name": name or f"{focal.id.lower()}-{on}",
        "date": on,
        "description": CAVEAT,
        "sources": [
            *([] if year == on.year else [f"ASSUMPTION: capabilities of {year} stand in for {on.year}"]),
            f"COW National Material Capabilities v6.0 (abridged, SHA-256 {capabilities.NMC_SHA256}): "
            + capabilities.CITATION,
            geography.citation() + ": present-day land borders and capitals",
            f"foedus knowledge base: {', '.join(a['treaty'] for a in alliances) or 'no alliance'} on {on}, "
            f"theatre {theatre} (every fact's source is in its treaty file)",
        ],
        "states": rows,
        "borders": borders,
        "alliances": alliances,
    })  # fmt: skip
    return with_aggressor(world, aggressor, front) if aggressor else world


def with_aggressor(world: MapWorld, aggressor: str, front: list[str] | None = None) -> MapWorld:
    """The world with its aggressor: one of its states, or an external state of STRENGTH times the
    combined capability of the first alliance's members, bordering `front` (its capital placed at
    the mean of theirs, from where reach is measured)."""
    code, strength = parse_aggressor(aggressor)
    data = world.model_dump(mode="json")
    codes = [s["code"] for s in data["states"]]
    for s in data["states"]:
        if s["style"] == "aggressor":
            s["style"] = "laissez_faire"
    data["states"] = [s for s in data["states"] if s["code"] != EXTERNAL]
    data["borders"] = [b for b in data["borders"] if EXTERNAL not in b]
    if code != EXTERNAL:
        if code not in codes:
            raise InputError(f"--aggressor: {code} is not a state of world {world.name!r}")
        next(s for s in data["states"] if s["code"] == code)["style"] = "aggressor"
        return MapWorld.model_validate({**data, "aggressor": code})
    front = [x if x in codes else state(x).code for x in (front or [])]
    if not front:
        raise InputError("--front: an external aggressor needs the states it borders (e.g. --front ARM,TJK)")
    for f in front:
        if f not in codes:
            raise InputError(f"--front: {f} is not a state of world {world.name!r}")
    if not world.alliances:
        raise InputError(f"--aggressor external: world {world.name!r} has no alliance to measure strength by")
    focal = world.alliances[0]
    bound = {m.state for m in focal.members if m.status == "member"}
    combined = sum(s.capability for s in world.states if s.code in bound)
    at = [s for s in world.states if s.code in front]
    data["states"].append({
        "code": EXTERNAL, "name": f"external aggressor ({strength:g} x {focal.treaty} members' capability)",
        "capability": min(1.0, strength * combined), "lat": float(np.mean([s.lat for s in at])),
        "lon": float(np.mean([s.lon for s in at])), "style": "aggressor",
        "source": f"{strength:g} x the combined capability of {focal.treaty}'s members",
    })  # fmt: skip
    data["borders"] += [[EXTERNAL, f] for f in front]
    return MapWorld.model_validate({**data, "aggressor": EXTERNAL})


def _alliances(kb, focal, duty_treaty, codes, parties, observers, on, theatre) -> list[dict]:
    """Every treaty with a duty to assist among the world's states; the focal one first."""
    asked = obligation_matrix(kb, codes, on, theatre, requested=True, assistance_only=True)
    unasked = obligation_matrix(kb, codes, on, theatre, requested=False, assistance_only=True)
    behind: dict[str, set] = defaultdict(set)
    for i in range(len(codes)):
        for j in range(len(codes)):
            for t in asked.treaties[i][j]:
                behind[t] |= {codes[i], codes[j]}
    order = [duty_treaty.id] + sorted(t for t in behind if t != duty_treaty.id)
    out = []
    for tid in order:
        t = kb.treaty(tid)
        if tid == duty_treaty.id:  # the focal treaty's parties, and those of the treaty it is built on
            standing = {**(_standing(kb, tid, on)[0] if tid != focal.id else {}), **parties}
            watching = observers
        else:
            standing, watching = _standing(kb, tid, on)
        bound = [c for c in codes if c in standing]
        if len(bound) < 2:
            continue
        rows, owing = [], {}
        for k in bound:
            ki = codes.index(k)
            verdicts = {}
            for j in bound:
                if j == k:
                    continue
                ji = codes.index(j)
                v = asked.verdict[ji, ki] if tid in asked.treaties[ji][ki] else -1
                verdicts[j] = (v, tid in unasked.treaties[ji][ki] and unasked.verdict[ji, ki] == MUST)
            owed = [j for j, (v, _) in verdicts.items() if v >= MAYBE]
            duty = "none" if not owed else ("must" if all(verdicts[j][0] == MUST for j in owed) else "maybe")
            owing[k] = owed
            on_request = bool(owed) and not any(verdicts[j][1] for j in owed)
            status, participation = standing[k]
            rows.append({"state": k, "status": status, "participation": participation, "duty": duty,
                         "on_request": on_request})  # fmt: skip
        out.append({
            "treaty": tid,
            "name": t.name + (f" (the duties of {focal.id})" if tid == duty_treaty.id != focal.id else ""),
            "article": ", ".join(sorted({p.article for p in t.provisions if p.type.value == "defense"})),
            "members": rows,
            "observers": [c for c in codes if c in watching and c not in standing],
            # a pair of members with duties, one of whom owes the other nothing (a dyadic suspension)
            "suspended": [[k, j] for k in bound for j in bound
                          if k != j and owing[k] and owing[j] and j not in owing[k]],
        })  # fmt: skip
    return out


__all__ = ["EXTERNAL", "build_world", "parse_aggressor"]
