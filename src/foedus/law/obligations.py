"""The casus foederis: who must assist a victim of aggression, under which treaty and article.

Every (state, treaty) pair the victim's treaties bring into play is reported, with a three-valued
answer (`Tri`; true, false or "unknown" in JSON), its reasons, flags, sources and confidence, never
silently dropped. The answer states what it assumed (theatre, request, state of war, the day).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Literal

from foedus.errors import InputError
from foedus.kb.base import (
    KnowledgeBase,
    participation_label,
    participation_on,
    phase_holds,
    treaty_in_force,
)
from foedus.kb.dates import Tri, holds_on
from foedus.kb.schema import (
    Condition,
    ConditionKind,
    Confidence,
    DyadicSuspension,
    Membership,
    Participation,
    Phase,
    Provision,
    ProvisionType,
    Reservation,
    Sourced,
    Status,
    Treaty,
)

Theatre = Literal["home", "in_area", "outside_area", "unknown"]

# What a party's status on the day means for its duty to act.
DUTY = {
    Status.MEMBER: (Tri.TRUE, None),
    Status.CONTESTED: (Tri.UNKNOWN, "membership contested"),
    Status.SUSPENDED: (Tri.FALSE, "membership suspended"),
    Status.SIGNATORY: (Tri.FALSE, "signed, but the treaty is not yet in force for it"),
    Status.OBSERVER: (Tri.FALSE, "observer: no obligation"),
    Status.PARTNER: (Tri.FALSE, "partner: no obligation"),
    Status.ASSOCIATE: (Tri.FALSE, "associate: not bound by the treaty's obligations"),
    Status.WITHDRAWN: (Tri.FALSE, "withdrawn"),
}


@dataclass(frozen=True)
class Situation:
    """An act of aggression and what is known about it."""

    victim: str
    aggressor: str | None  # None: unknown or a non-state actor
    on: dt.date
    theatre: Theatre = "home"  # home: the attack falls on the victim's metropolitan territory
    requested: bool | None = None  # has the victim asked for assistance?
    state_of_war: bool | None = None  # is the victim invaded and in a state of war?


def jsonable(value):
    """A result as JSON holds it: three-valued answers become true, false or "unknown" only here."""
    if isinstance(value, Tri):
        return value.as_json()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


@dataclass
class ConditionCheck:
    kind: str
    text: str
    met: Tri
    why: str


@dataclass
class Obligation:
    state: str
    treaty: str
    obliged: Tri
    kind: str | None  # how: military, as_deemed_necessary, ..., consultation
    article: str | None
    provision: str | None
    status: str | None
    participation: str = Participation.FULL.value  # how it takes part; never its legal standing
    confidence: str = Confidence.VERIFIED.value  # the weakest of the facts the verdict rests on
    coding_confidence: str | None = None  # of the ATOP-style coding of the provision applied
    conditions: list[ConditionCheck] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    source: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return jsonable(asdict(self))


@dataclass
class Assessment:
    situation: Situation
    obligations: list[Obligation]
    notes: list[str]
    invocations: list[dict] = field(default_factory=list)  # recorded on the query's day

    @property
    def assumptions(self) -> list[str]:
        """What the answer took as given: a reader must see them with every answer."""
        s = self.situation
        theatre = {
            "home": f"the attack falls on {s.victim}'s home (metropolitan) territory",
            "in_area": "the attack falls inside each treaty's area",
            "outside_area": "the attack falls outside each treaty's area",
            "unknown": "where the attack took place is not known",
        }[s.theatre]
        asked = {None: "not given", True: "yes", False: "no"}
        return [
            f"theatre: {s.theatre} ({theatre})",
            f"on: {s.on} (an exact day; facts known only to the month or year answer 'unknown' there)",
            f"request for assistance: {asked[s.requested]}",
            f"state of war: {asked[s.state_of_war]}",
        ]

    def as_dict(self) -> dict:
        s = asdict(self.situation)
        s["on"] = str(self.situation.on)
        return {
            "situation": s,
            "assumptions": self.assumptions,
            "obligations": [o.as_dict() for o in self.obligations],
            "invocations": self.invocations,
            "notes": self.notes,
        }


def standing(
    treaty: Treaty, code: str, day: dt.date, m: Membership | None = None
) -> tuple[Tri, Phase | None]:
    """Whether `code` holds some phase in `treaty` on `day`, and which (`m`: its membership, if
    the caller has it from the knowledge base's index)."""
    m = m or membership(treaty, code)
    if m is None:
        return Tri.FALSE, None
    for phase in m.phases:
        holds = phase_holds(phase, day, treaty.coverage_until.latest)
        if holds is not Tri.FALSE:
            return holds, phase
    return Tri.FALSE, None


# What a departure from full participation means for an answer: a reason, never a changed duty.
TAKING_PART = {
    Participation.FROZEN: "participation frozen{span}: a party de jure, inactive de facto",
    Participation.OUTSIDE_INTEGRATED_COMMAND: (
        "outside the integrated military command{span}, but still bound by the treaty"
    ),
    Participation.OPT_OUT: "opted out of the defence dimension{span}",
}


def membership(treaty: Treaty, code: str) -> Membership | None:
    return next((m for m in treaty.memberships if m.state == code), None)


def note_participation(row: Obligation, m: Membership | None, day: dt.date) -> None:
    """Record how the state takes part on `day` on its row, as a reason (and a flag if frozen)."""
    if m is None:
        return
    mode, holds, phase = participation_on(m, day)
    if mode is Participation.FULL:
        return
    row.participation = participation_label(mode, holds)
    span = f" ({phase.start} to {phase.end or 'open'})"
    text = TAKING_PART[mode].format(span=span)
    if holds is Tri.UNKNOWN:
        text += "; whether this applied on the day is uncertain (imprecise dates)"
    row.reasons.append(text)
    if mode is Participation.FROZEN:
        row.flags.append("participation_frozen")


def reservations_of(p: Provision, code: str, day: dt.date) -> list[Reservation]:
    """The understandings or reservations by which `code` narrowed `p`, in force on `day`."""
    return [
        r for r in p.reservations if code in r.by and holds_on(r.valid_from, r.valid_to, day) is not Tri.FALSE
    ]


def provision_valid(p: Provision, day: dt.date) -> Tri:
    return holds_on(p.valid_from, p.valid_to, day)


def check_condition(c: Condition, s: Situation) -> ConditionCheck:
    met, why = _evaluate(c, s)
    return ConditionCheck(c.kind.value, c.text, met, why)


def _evaluate(c: Condition, s: Situation) -> tuple[Tri, str]:
    if c.kind is ConditionKind.GEOGRAPHIC:
        if not c.inside and not c.partly_inside and s.theatre == "home":
            return Tri.UNKNOWN, f"which territories the {c.area or 'treaty area'} covers is not coded"
        if s.theatre == "in_area":
            return Tri.TRUE, f"the attack is in the {c.area}"
        if s.theatre == "outside_area":
            return Tri.FALSE, f"the attack is outside the {c.area}"
        if s.theatre == "unknown":
            return Tri.UNKNOWN, "where the attack took place is not given"
        if s.victim in c.inside:
            return Tri.TRUE, f"{s.victim}'s home territory lies in the {c.area}"
        if s.victim in c.partly_inside:
            return Tri.UNKNOWN, f"only part of {s.victim}'s territory lies in the {c.area}"
        return Tri.FALSE, f"{s.victim}'s home territory is not in the {c.area}"
    if c.kind is ConditionKind.VICTIM_REQUEST:
        if s.requested is None:
            return Tri.UNKNOWN, "whether the victim requested assistance is not given"
        return Tri.of(s.requested), "the victim " + (
            "requested" if s.requested else "did not request"
        ) + " assistance"
    if c.kind is ConditionKind.STATE_OF_WAR:
        if s.state_of_war is None:
            return Tri.UNKNOWN, "whether the victim is in a state of war is not given"
        return Tri.of(s.state_of_war), "state of war " + ("declared" if s.state_of_war else "absent")
    if c.kind is ConditionKind.NAMED_ADVERSARY:
        if s.aggressor is None:
            return Tri.UNKNOWN, "the aggressor is not identified"
        if not c.adversaries:
            return Tri.UNKNOWN, "the adversaries the treaty names are not coded"
        named = s.aggressor in c.adversaries
        return Tri.of(named), f"{s.aggressor} is {'' if named else 'not '}a named adversary"
    if c.kind is ConditionKind.CONSTITUTIONAL_PROCESSES:
        return Tri.TRUE, "each party acts through its own constitutional processes"
    if c.kind is ConditionKind.UN_CHARTER_51:
        return Tri.TRUE, "legal basis: collective self-defence under UN Charter Art. 51"
    # A condition the engine cannot judge must never pass as met.
    raise NotImplementedError(f"the engine does not handle condition kind {c.kind!r}")


def ties(kb: KnowledgeBase, a: str, b: str, day: dt.date) -> list[tuple[str, str]]:
    """Treaties binding `a` and `b` to each other on `day`: (treaty, provision type)."""
    out = []
    shared = set(kb.treaties_of(a)) & set(kb.treaties_of(b))
    for t in (kb.treaties[tid] for tid in sorted(shared)):
        if treaty_in_force(t, day) is Tri.FALSE:
            continue
        sa, pa = standing(t, a, day, kb.membership(t.id, a))
        sb, pb = standing(t, b, day, kb.membership(t.id, b))
        if Tri.FALSE in (sa, sb) or DUTY[pa.status][0] is Tri.FALSE:
            continue
        if DUTY[pb.status][0] is Tri.FALSE:
            continue
        for kind in (ProvisionType.DEFENSE, ProvisionType.NONAGGRESSION):
            if any(p.type is kind and provision_valid(p, day) is not Tri.FALSE for p in t.provisions):
                out.append((t.id, kind.value))
                break
    return out


def _suspension(t: Treaty, by: str, towards: str, day: dt.date) -> DyadicSuspension | None:
    return next(
        (
            s
            for s in t.suspensions
            if s.by == by and s.towards == towards and holds_on(s.start, s.end, day) is Tri.TRUE
        ),
        None,
    )


def _assess_pair(
    t: Treaty, m: Membership, held: Tri, phase: Phase, s: Situation, victim_ok: Tri, victim_why: str | None
) -> Obligation:
    """The duty of member `m` (holding `phase` on the day, as sure as `held`) towards the victim."""
    code = m.state
    row = Obligation(code, t.id, Tri.FALSE, None, None, None, phase.status.value if phase else None)
    if code == s.aggressor:
        if DUTY[phase.status][0] is Tri.FALSE:
            row.reasons.append(f"is the aggressor, and not a party on this date ({phase.status.value})")
        else:
            row.reasons.append("is the aggressor, and a party to the treaty it attacks under")
            row.flags.append("aggressor_is_party")
        return row
    duty, why = DUTY[phase.status]
    duty = duty & held
    if why:
        row.reasons.append(why)
    if phase.status is Status.MEMBER:
        note_participation(row, m, s.on)
    if held is Tri.UNKNOWN:
        row.reasons.append("its membership on this date is uncertain (imprecise date or beyond coverage)")
    in_force = treaty_in_force(t, s.on)
    if in_force is Tri.FALSE:
        row.reasons.append(f"{t.id} is not in force on {s.on}")
    elif in_force is Tri.UNKNOWN:
        row.reasons.append(f"whether {t.id} is in force on {s.on} is uncertain (imprecise dates)")
    if victim_why:
        row.reasons.append(victim_why)
    base = duty & in_force & victim_ok
    suspension = _suspension(t, code, s.victim, s.on)
    if suspension is not None:
        row.reasons.append(f"its obligations towards {s.victim} are suspended (since {suspension.start})")
        base = Tri.FALSE
    defence = [p for p in t.provisions if p.type is ProvisionType.DEFENSE]
    consult = [p for p in t.provisions if p.type is ProvisionType.CONSULTATION]
    best: tuple[Tri, Provision, list[ConditionCheck]] | None = None
    for p in defence:
        valid = provision_valid(p, s.on)
        if valid is Tri.FALSE:
            continue
        own = [c for r in reservations_of(p, code, s.on) for c in r.conditions]  # its understanding
        checks = [check_condition(c, s) for c in [*p.conditions, *own]]
        verdict = valid
        for c in checks:
            verdict = verdict & c.met
        if best is None or _rank(verdict) > _rank(best[0]):
            best = (verdict, p, checks)
    if best is not None and best[0] is not Tri.FALSE:
        verdict, p, checks = best
        _fill(row, p, checks, base & verdict)
        for r in reservations_of(p, code, s.on):
            if r.assistance is not None:
                row.kind = r.assistance.value
                row.reasons.append(r.text)
    else:
        valid_consult = [p for p in consult if provision_valid(p, s.on) is not Tri.FALSE]
        if best is not None:
            row.reasons.append(
                f"{best[1].article} does not apply: "
                + "; ".join(c.why for c in best[2] if c.met is not Tri.TRUE)
            )
        if valid_consult:
            p = valid_consult[0]
            _fill(row, p, [], base & provision_valid(p, s.on))
            row.kind = "consultation"
            if row.obliged is not Tri.FALSE:
                row.reasons.append("consultation only")
        elif best is not None:
            _fill(row, best[1], best[2], Tri.FALSE)
        else:
            row.reasons.append("the treaty has no defence or consultation provision in force")
    return row


def _flag_ties(kb: KnowledgeBase, t: Treaty, row: Obligation, aggressor: str, day: dt.date) -> None:
    """Mark a state that is bound to the aggressor too, in this treaty or another."""
    bound = ties(kb, row.state, aggressor, day)
    for tid, kind in bound:
        if tid == t.id:
            row.flags.append(f"intra-alliance: the aggressor {aggressor} is also a party to {tid}")
        else:
            row.flags.append(f"bound to the aggressor {aggressor} by {tid} ({kind})")
    defending = sorted({tid for tid, kind in bound if kind == ProvisionType.DEFENSE.value})
    if defending and row.obliged is not Tri.FALSE:
        row.flags.append(f"conflict: bound to defend the aggressor {aggressor} too ({', '.join(defending)})")


def _rank(t: Tri) -> int:
    return {Tri.FALSE: 0, Tri.UNKNOWN: 1, Tri.TRUE: 2}[t]


_DOUBT = [Confidence.VERIFIED, Confidence.CONFLICTING, Confidence.UNVERIFIED]  # weakest last


def _weakest_confidence(row: Obligation, t: Treaty, day: dt.date, phases: list[Phase]) -> None:
    """Give the verdict the weakest confidence of what it rests on: the treaty's entry into
    force, the `phases` of both parties, the provision applied and the helper's understandings."""
    facts: list[Sourced] = [f for f in (t.in_force or t.signed,) if f] + list(phases)
    provision = next((p for p in t.provisions if p.id == row.provision), None)
    if provision is not None:
        facts += [provision, *reservations_of(provision, row.state, day)]
        if provision.confidence is not Confidence.VERIFIED:
            row.reasons.append(f"rests on a provision coded as {provision.confidence.value}")
    worst = max((f.confidence for f in facts), key=_DOUBT.index, default=Confidence.VERIFIED)
    row.confidence = worst.value


def _fill(row: Obligation, p: Provision, checks: list[ConditionCheck], obliged: Tri) -> None:
    row.coding_confidence = p.coding_confidence.value
    row.obliged = obliged
    row.kind = p.assistance.value if p.assistance else p.type.value
    row.article = p.article
    row.provision = p.id
    row.conditions = checks
    row.source = list(p.source)


def obligations(
    kb: KnowledgeBase,
    victim: str,
    aggressor: str | None,
    on: dt.date,
    theatre: Theatre = "home",
    requested: bool | None = None,
    state_of_war: bool | None = None,
) -> Assessment:
    """For every state in the victim's treaties on `on`: must it assist the victim, and how?"""
    kb.check_date(on)
    if aggressor is not None and aggressor == victim:
        raise InputError(f"the aggressor and the victim are both {victim}: expected two different states")
    s = Situation(victim, aggressor, on, theatre, requested, state_of_war)
    rows: list[Obligation] = []
    notes: list[str] = []
    invoked: list[dict] = []
    for t in kb.incomplete:
        if treaty_in_force(t, on) is not Tri.FALSE:
            notes.append(f"{t.id} is knowingly incomplete: {t.coverage_gap}")
    for t in (kb.treaties[tid] for tid in kb.treaties_of(victim)):
        own = kb.membership(t.id, victim)
        held, phase = standing(t, victim, on, own)
        if phase is None:
            notes.append(f"{victim} is not a party to {t.id} on {on}")
            continue
        invoked += [
            {"treaty": t.id, "article": i.article, "date": str(i.date), "by": i.by, "summary": i.summary,
             "source": list(i.source)}
            for i in t.invocations
            if i.date.exact == on or (i.date.exact is None and holds_on(i.date, None, on) is Tri.UNKNOWN)
        ]  # fmt: skip
        if phase.status is Status.MEMBER:
            mode, sure, _ = participation_on(own, on)
            if mode is not Participation.FULL:
                maybe = "" if sure is Tri.TRUE else " (uncertain on this day)"
                notes.append(
                    f"{victim}'s own participation in {t.id}: {mode.value}{maybe}; it remains a party"
                )

        if not any(p.type in (ProvisionType.DEFENSE, ProvisionType.CONSULTATION) for p in t.provisions):
            parent = f"; its obligations come from {t.built_on}" if t.built_on else ""
            notes.append(f"{t.id} has no defence or consultation provision of its own{parent}")
            continue
        victim_ok, victim_why = DUTY[phase.status]
        victim_ok = victim_ok & held
        victim_why = f"the victim's own status: {victim_why}" if victim_why else None
        for m in t.memberships:
            if m.state is None or m.state == victim:
                continue
            held, helper = standing(t, m.state, on, m)
            if helper is None:
                continue
            row = _assess_pair(t, m, held, helper, s, victim_ok, victim_why)
            _weakest_confidence(row, t, on, [phase, helper])
            if aggressor and m.state != aggressor:
                _flag_ties(kb, t, row, aggressor, on)
            rows.append(row)
    return Assessment(s, rows, notes, invoked)
