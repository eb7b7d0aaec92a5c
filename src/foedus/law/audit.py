"""Exclusivity audit: members who belong to another military alliance despite a clause forbidding it.

ATOP codes such clauses as `noothall` (Leeds et al. 2002). A clause read as
`directed_against_parties` is breached only by an alliance that names a fellow party as its
adversary; alliances it would forbid only under the broad reading are reported separately.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Literal

from foedus.kb.base import KnowledgeBase, treaty_in_force
from foedus.kb.dates import Tri
from foedus.kb.schema import MILITARY_PROVISIONS, ConditionKind, ProvisionType, Treaty
from foedus.law.obligations import DUTY, provision_valid, standing

Reading = Literal["as_coded", "any", "directed_against_parties"]


@dataclass
class Finding:
    state: str
    treaty: str
    article: str | None
    other_treaty: str
    verdict: Literal["breach", "broad_reading_only"]
    certain: Tri
    explanation: str
    source: list[str]

    def as_dict(self) -> dict:
        return {**asdict(self), "certain": self.certain.as_json()}


def is_military_alliance(t: Treaty) -> bool:
    return t.defence_pact or any(p.type in MILITARY_PROVISIONS for p in t.provisions)


def _active(t: Treaty, code: str, day: dt.date) -> Tri:
    held, phase = standing(t, code, day)
    if phase is None:
        return Tri.FALSE
    return held & DUTY[phase.status][0]


def _targets_parties(other: Treaty, parties: set[str]) -> bool:
    return any(
        c.kind is ConditionKind.NAMED_ADVERSARY and parties & set(c.adversaries)
        for p in other.provisions
        for c in p.conditions
    )


def exclusivity_audit(kb: KnowledgeBase, on: dt.date, reading: Reading = "as_coded") -> list[Finding]:
    """Every member whose other alliances breach an exclusivity clause in force on `on`."""
    kb.check_date(on)
    findings: list[Finding] = []
    for t in sorted(kb.treaties.values(), key=lambda t: t.id):
        if treaty_in_force(t, on) is Tri.FALSE:
            continue
        for clause in t.provisions:
            if clause.type is not ProvisionType.EXCLUSIVITY:
                continue
            if provision_valid(clause, on) is Tri.FALSE:
                continue
            non_conflict = clause.reading == "in_conflict_with_treaty"  # no broad reading to apply
            clause_reading = clause.reading if reading == "as_coded" or non_conflict else reading
            parties = {m.state for m in t.memberships if m.state and _active(t, m.state, on) is not Tri.FALSE}
            for code in sorted(parties):
                for other in sorted(kb.treaties.values(), key=lambda t: t.id):
                    if other.id == t.id or kb.related(t.id, other.id) or not is_military_alliance(other):
                        continue
                    in_other = _active(other, code, on) & treaty_in_force(other, on)
                    if in_other is Tri.FALSE:
                        continue
                    certain = in_other & _active(t, code, on) & provision_valid(clause, on)
                    targets = _targets_parties(other, parties - {code})
                    if non_conflict and not targets:
                        continue  # an alliance not aimed at a fellow party does not conflict
                    breach = clause_reading == "any" or targets
                    verdict = "breach" if breach else "broad_reading_only"
                    findings.append(
                        Finding(
                            state=code,
                            treaty=t.id,
                            article=clause.article,
                            other_treaty=other.id,
                            verdict=verdict,
                            certain=certain,
                            explanation=_explain(code, t, clause.article, other, verdict, clause_reading),
                            source=list(clause.source),
                        )
                    )
    return findings


def _explain(
    code: str, t: Treaty, article: str | None, other: Treaty, verdict: str, reading: str | None
) -> str:
    where = f"{t.id} {article or '(article unverified)'}"
    if verdict == "breach":
        why = "names a fellow party as adversary" if reading != "any" else "is a military alliance"
        if reading == "in_conflict_with_treaty":
            return f"{code} belongs to {other.id}, which {why}; {where} bars engagements in conflict with it."
        return f"{code} belongs to {other.id}, which {why}; {where} forbids other military alliances."
    return (
        f"{code} belongs to {other.id}, a military alliance not directed against a fellow "
        f"party of {t.id}: no breach of {where} as coded, a breach under the broad reading."
    )
