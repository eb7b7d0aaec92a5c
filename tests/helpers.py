"""Build small treaties in code for law tests."""

from foedus.kb.schema import Treaty


def make_treaty(tid, members, provisions, start="2000-01-01", end=None, **extra):
    phases = {}
    for m in members:
        code, _, status = m.partition(":")
        phases[code] = [{"status": status or "member", "start": start, "end": end, "source": ["S"]}]
    raw = {
        "id": tid,
        "name": f"{tid} pact",
        "kind": "treaty",
        "defence_pact": True,
        "summary": "constructed for a test",
        "in_force": {"date": start, "source": ["S"]},
        "ended": {"date": end, "source": ["S"]} if end else None,
        "coverage_until": "2025-11-30",
        "provisions": [
            {"source": ["S"], "summary": p.get("id", "p"), "article": "Art. 1", **p} for p in provisions
        ],
        "memberships": [{"state": c, "phases": ph} for c, ph in phases.items()],
        "sources": {"S": {"title": "test"}},
        **extra,
    }
    return Treaty.model_validate(raw)


DEFENCE = {"id": "def", "type": "defense", "assistance": "military"}
