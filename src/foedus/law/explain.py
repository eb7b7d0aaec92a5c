"""Plain-language explanations of obligations and audit findings (the JSON twin is `as_dict`)."""

from __future__ import annotations

from foedus.kb.states import state
from foedus.law.audit import Finding
from foedus.law.obligations import Assessment, Obligation

_KIND = {
    "military": "assistance including military",
    "as_deemed_necessary": "such action as it deems necessary, including armed force",
    "constitutional_processes": "action to meet the common danger, per its constitutional processes",
    "aid_and_assistance": "aid and assistance by all the means in its power",
    "consultation": "consultation only",
}


def _name(code: str | None) -> str:
    return state(code).name if code else "an unidentified aggressor"


def explain_obligation(o: Obligation) -> str:
    verdict = {True: "must", False: "need not", "unknown": "may have to"}[o.obliged]
    how = _KIND.get(o.kind or "", o.kind or "nothing")
    where = f"{o.treaty} {o.article}" if o.article else o.treaty
    text = f"{_name(o.state)} {verdict} give {how} ({where})"
    # When status alone settles a "no", the conditions are beside the point.
    unmet = [] if o.obliged is False and o.reasons else [c.why for c in o.conditions if c.met is not True]
    details = o.reasons + unmet + o.flags
    return text + (": " + "; ".join(details) if details else "") + "."


def explain_assessment(a: Assessment) -> list[str]:
    s = a.situation
    head = (
        f"If {_name(s.victim)} is attacked by {_name(s.aggressor)} on {s.on} "
        f"(theatre: {s.theatre}; request for assistance: {_given(s.requested)}):"
    )
    lines = [head]
    for o in a.obligations:
        lines.append("  - " + explain_obligation(o))
    if not a.obligations:
        lines.append(f"  - {_name(s.victim)} has no treaty partner obliged to assist it on this date.")
    lines += [f"  note: {n}" for n in a.notes]
    return lines


def explain_finding(f: Finding) -> str:
    sure = "" if f.certain is True else " (uncertain: imprecise dates or frozen membership)"
    return f"[{f.verdict}] {f.explanation}{sure}"


def _given(value: bool | None) -> str:
    return "not given" if value is None else ("yes" if value else "no")
