"""Plain-language explanations of obligations and audit findings (the JSON twin is `as_dict`)."""

from __future__ import annotations

from foedus.kb.dates import Tri
from foedus.kb.states import state
from foedus.law.audit import Finding
from foedus.law.obligations import Assessment, Obligation

_KIND = {
    "military": "give assistance, including military assistance",
    "as_deemed_necessary": "take such action as it deems necessary, including armed force",
    "constitutional_processes": "act to meet the common danger, per its constitutional processes",
    "aid_and_assistance": "give aid and assistance by all the means in its power",
    "assist_force_by_consent": "assist in meeting the attack (armed force only with its own consent)",
    "aid_within_own_policy": "give aid and assistance on the terms of its own security and defence policy",
    "consultation": "consult",
}


def _name(code: str | None) -> str:
    return state(code).name if code else "an unidentified aggressor"


def explain_obligation(o: Obligation) -> str:
    where = f"{o.treaty} {o.article}" if o.article else o.treaty
    if o.kind is None:  # no provision applies: there is nothing to give or withhold
        text = f"{_name(o.state)} has no duty to act ({where})"
    else:
        verdict = {Tri.TRUE: "must", Tri.FALSE: "need not", Tri.UNKNOWN: "may have to"}[o.obliged]
        text = f"{_name(o.state)} {verdict} {_KIND[o.kind]} ({where})"
    # When status alone settles a "no", the conditions are beside the point.
    settled = o.obliged is Tri.FALSE and o.reasons
    unmet = [] if settled else [c.why for c in o.conditions if c.met is not Tri.TRUE]
    details = o.reasons + unmet + o.flags
    return text + (": " + "; ".join(details) if details else "") + "."


def explain_assessment(a: Assessment) -> list[str]:
    s = a.situation
    lines = [f"If {_name(s.victim)} is attacked by {_name(s.aggressor)} on {s.on}:"]
    lines += [f"  assumed: {a}" for a in a.assumptions]
    for i in a.invocations:
        by = ", ".join(i["by"]) or "a party"
        lines.append(f"  recorded that day: {by} invoked {i['treaty']} {i['article']}: {i['summary']}")
    for o in a.obligations:
        lines.append("  - " + explain_obligation(o))
    if not a.obligations:
        lines.append(f"  - {_name(s.victim)} has no treaty partner obliged to assist it on this date.")
    lines += [f"  note: {n}" for n in a.notes]
    return lines


def explain_finding(f: Finding) -> str:
    sure = "" if f.certain is Tri.TRUE else " (uncertain: imprecise dates or frozen membership)"
    return f"[{f.verdict}] {f.explanation}{sure}"
