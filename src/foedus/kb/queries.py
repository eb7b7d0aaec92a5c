"""Questions the knowledge base answers: who belonged, when, and on whose authority."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from foedus.errors import InputError
from foedus.kb.base import (
    KnowledgeBase,
    participation_label,
    participation_on,
    phase_holds,
    treaty_in_force,
)
from foedus.kb.dates import FuzzyDate, Tri
from foedus.kb.schema import (
    PRIMARY_OR_OFFICIAL,
    Confidence,
    Membership,
    Participation,
    ParticipationPhase,
    Phase,
    Provision,
    ProvisionType,
    Sourced,
    SourceKind,
    Status,
    Treaty,
)


class UnknownFactError(InputError, LookupError):
    """A treaty part (provision or member) that the treaty does not have."""


@dataclass(frozen=True)
class Standing:
    """One participant's phase in one treaty, as seen on a date (or over its whole history)."""

    treaty: str
    state: str | None
    entity: str | None
    status: str
    since: str | None
    until: str | None
    holds: Tri  # TRUE, or UNKNOWN when an imprecise date, coverage or a part of a period leaves it open
    body: str | None
    how: str | None
    confidence: str
    source: list[str]
    note: str | None
    participation: str = Participation.FULL.value  # how a member takes part; not its standing

    @classmethod
    def of(
        cls, treaty: Treaty, m: Membership, phase: Phase, holds: Tri, participation: str = "full"
    ) -> Standing:
        return cls(
            treaty=treaty.id,
            state=m.state,
            entity=m.entity,
            status=phase.status.value,
            since=str(phase.start) if phase.start else None,
            until=str(phase.end) if phase.end else None,
            holds=holds,
            body=phase.body,
            how=phase.how,
            confidence=phase.confidence.value,
            source=list(phase.source),
            note=phase.note,
            participation=participation,
        )

    @classmethod
    def taking_part(cls, treaty: Treaty, m: Membership, p: ParticipationPhase) -> Standing:
        """A span of other than full participation, as a row of its own (status: member)."""
        return cls(
            treaty=treaty.id,
            state=m.state,
            entity=m.entity,
            status=Status.MEMBER.value,
            since=str(p.start),
            until=str(p.end) if p.end else None,
            holds=Tri.TRUE,
            body=None,
            how=None,
            confidence=p.confidence.value,
            source=list(p.source),
            note=p.note,
            participation=p.mode.value,
        )

    def as_dict(self) -> dict:
        return {**asdict(self), "holds": self.holds.as_json()}


def members(
    kb: KnowledgeBase, treaty: str, on: dt.date | FuzzyDate, status: Status | None = None
) -> list[Standing]:
    """Every participant whose phase holds (or may hold) on `on`, optionally of one status. For a
    month or a year, `holds` is True only if the phase held throughout, "unknown" if for part."""
    t = kb.treaty(treaty)
    kb.check_date(on)
    out = []
    for m in t.memberships:
        for phase in m.phases:
            holds = phase_holds(phase, on, t.coverage_until.latest)
            if holds is Tri.FALSE or (status is not None and phase.status is not status):
                continue
            mode, sure, _ = participation_on(m, on)
            out.append(Standing.of(t, m, phase, holds, participation_label(mode, sure)))
    return sorted(out, key=lambda s: (s.status, s.state or "~", s.entity or ""))


def former_members(kb: KnowledgeBase, treaty: str, on: dt.date) -> list[Standing]:
    """Participants who were members earlier and are withdrawn or suspended on `on`."""
    left = {Status.WITHDRAWN, Status.SUSPENDED}
    return [s for s in members(kb, treaty, on) if Status(s.status) in left]


def history(kb: KnowledgeBase, state_code: str) -> list[Standing]:
    """A state's full treaty history, oldest first."""
    out = []
    for t in kb.treaties.values():
        for m in t.memberships:
            if m.state == state_code:
                out += [Standing.of(t, m, p, Tri.TRUE) for p in m.phases]
                out += [Standing.taking_part(t, m, p) for p in m.participation]
    return sorted(out, key=lambda s: (s.since or "", s.treaty))


def timeline(kb: KnowledgeBase, treaty: str) -> list[Standing]:
    t = kb.treaty(treaty)
    rows = [Standing.of(t, m, p, Tri.TRUE) for m in t.memberships for p in m.phases]
    rows += [Standing.taking_part(t, m, p) for m in t.memberships for p in m.participation]
    return sorted(rows, key=lambda s: (s.since or "", s.state or s.entity or ""))


def _dates(t: Treaty) -> dict:
    return {
        "signed": str(t.signed.date) if t.signed else None,
        "entered_into_force": str(t.in_force.date) if t.in_force else None,
        "ended": str(t.ended.date) if t.ended else None,
    }


def treaty_rows(kb: KnowledgeBase) -> list[dict]:
    """What the knowledge base holds: each treaty, its dates and how far its facts were checked."""
    return [
        {
            "treaty": t.id,
            "name": t.name,
            "kind": t.kind,
            "defence_pact": t.defence_pact,
            **_dates(t),
            "checked": str(t.coverage_until),
            "parties": len(t.memberships),
            "facts": len(t.facts()),
            "coverage_gap": t.coverage_gap,
        }  # fmt: skip
        for t in sorted(kb.treaties.values(), key=lambda t: t.id)
    ]


def in_force_rows(kb: KnowledgeBase, on: dt.date | FuzzyDate) -> list[dict]:
    """Treaties in force on a day, month or year, each with its dates and the three-valued answer."""
    return [
        {"treaty": t.id, "name": t.name, "in_force": f.as_json(), "defence_pact": t.defence_pact, **_dates(t)}
        for t, f in in_force(kb, on)
    ]


def in_force(kb: KnowledgeBase, on: dt.date | FuzzyDate) -> list[tuple[Treaty, Tri]]:
    kb.check_date(on)
    rows = [(t, treaty_in_force(t, on)) for t in kb.treaties.values()]
    return [(t, f) for t, f in rows if f is not Tri.FALSE]


@dataclass(frozen=True)
class Citation:
    fact: str
    value: str
    confidence: str
    alternative: str | None
    sources: list[tuple[str, str, str | None]]  # key, title, url

    def as_dict(self) -> dict:
        return asdict(self)


def _citation(t: Treaty, name: str, value: str, fact: Sourced) -> Citation:
    refs = [(k, t.sources[k].title, t.sources[k].url) for k in fact.source]
    return Citation(name, value, fact.confidence.value, fact.alternative, refs)


def _dates_and_provisions(t: Treaty) -> list[tuple[str, str, Sourced]]:
    out = [
        (f"{t.id} {label}", str(fact.date), fact)
        for label, fact in (("signed", t.signed), ("in force", t.in_force), ("ended", t.ended))
        if fact
    ]
    return out + [(f"{t.id} {p.id}", f"{p.article}: {p.summary}", p) for p in t.provisions]


def _member_facts(t: Treaty, m) -> list[tuple[str, str, Sourced]]:
    out = [(f"{t.id} {m.label} {_standing(ph)}", _span(ph), ph) for ph in m.phases]
    return out + [(f"{t.id} {m.label} participation {p.mode.value}", _span(p), p) for p in m.participation]


def cite(kb: KnowledgeBase, ref: str) -> list[Citation]:
    """Citations for a treaty (`NATO`), a provision (`NATO.art5`) or a membership (`NATO.FRA`)."""
    treaty_ref, _, part = ref.partition(".")
    t = kb.treaty(treaty_ref)
    if not part:
        return [_citation(t, *f) for f in _dates_and_provisions(t)]
    for p in t.provisions:
        if p.id.lower() == part.lower():
            return [_citation(t, f"{t.id} {p.id}", f"{p.article}: {p.summary}", p)]
    for m in t.memberships:
        if (m.state or "").lower() == part.lower():
            return [_citation(t, *f) for f in _member_facts(t, m)]
    choices = [p.id for p in t.provisions] + [m.state for m in t.memberships if m.state]
    raise UnknownFactError(f"{t.id} has no provision or member {part!r}; expected one of {choices}")


def facts(kb: KnowledgeBase, confidence: str | None = None, treaty: str | None = None) -> list[Citation]:
    """Every sourced fact (dates, provisions, phases, suspensions, invocations), optionally only
    those of one confidence: `foedus facts --confidence conflicting` lists each conflict, the
    value chosen and the alternative recorded."""
    chosen = [kb.treaty(treaty)] if treaty else sorted(kb.treaties.values(), key=lambda t: t.id)
    out = []
    for t in chosen:
        labelled = _dates_and_provisions(t)
        for m in t.memberships:
            labelled += _member_facts(t, m)
        labelled += [
            (f"{t.id} {s.by} suspends towards {s.towards}", _span_of(s.start, s.end), s)
            for s in t.suspensions
        ]
        labelled += [(f"{t.id} invocation of {i.article}", str(i.date), i) for i in t.invocations]
        labelled += [(f"{t.id} event", f"{e.date}: {e.summary}", e) for e in t.events]
        labelled += [
            (f"{t.id} {p.id} understanding of {', '.join(r.by)}", r.text, r)
            for p in t.provisions
            for r in p.reservations
        ]
        out += [
            _citation(t, *f) for f in labelled if confidence is None or f[2].confidence.value == confidence
        ]
    return out


@dataclass(frozen=True)
class FactSummary:
    """How well the knowledge base is sourced: what `foedus facts --summary` prints."""

    sources_by_kind: dict[str, int]  # distinct sources (treaty, key)
    facts_by_confidence: dict[str, int]
    facts_by_best_source: dict[str, int]  # each fact counted under its strongest source's kind
    # Defence provisions and membership dates that rest on no treaty text or official source and
    # are not marked unverified: the ones a reader cannot check against a primary source.
    unsupported: list[str]

    def as_dict(self) -> dict:
        return asdict(self)


_STRENGTH = list(SourceKind)  # treaty text first, mirror last


def fact_summary(kb: KnowledgeBase) -> FactSummary:
    by_kind = {k.value: 0 for k in SourceKind}
    by_confidence = {c.value: 0 for c in Confidence}
    by_best = {k.value: 0 for k in SourceKind}
    unsupported = []
    for t in sorted(kb.treaties.values(), key=lambda t: t.id):
        for source in t.sources.values():
            by_kind[source.kind.value] += 1
        for fact in t.facts():
            by_confidence[fact.confidence.value] += 1
            kinds = {t.sources[k].kind for k in fact.source}
            best = min(kinds, key=_STRENGTH.index)
            by_best[best.value] += 1
            needs_primary = isinstance(fact, Phase) or (
                isinstance(fact, Provision) and fact.type is ProvisionType.DEFENSE
            )
            if (
                needs_primary
                and not kinds & PRIMARY_OR_OFFICIAL
                and fact.confidence is not Confidence.UNVERIFIED
            ):
                unsupported.append(f"{t.id} {_fact_label(t, fact)}")
    return FactSummary(by_kind, by_confidence, by_best, unsupported)


def _fact_label(t: Treaty, fact: Sourced) -> str:
    if isinstance(fact, Provision):
        return f"{fact.id} ({fact.article})"
    for m in t.memberships:
        if any(p is fact for p in m.phases):
            return f"{m.label} {_standing(fact)} {_span(fact)}"
    return type(fact).__name__


def _standing(phase: Phase) -> str:
    """'observer of the CSTO Parliamentary Assembly', not a bare 'observer' (which body matters)."""
    return f"{phase.status.value} of the {phase.body}" if phase.body else phase.status.value


def _span_of(start, end) -> str:
    return f"{start or '?'} to {end or 'open'}"


def _span(phase: Phase | ParticipationPhase) -> str:
    return f"{phase.start or '?'} to {phase.end or 'open'}"
