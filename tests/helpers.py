"""Build small treaties in code for law tests; compare outputs with golden files."""

import os
from pathlib import Path

from foedus.kb.schema import Treaty

GOLDEN = Path(__file__).parent / "golden"


def check_golden(name: str, text: str) -> None:
    """`text` must equal tests/golden/NAME; FOEDUS_UPDATE_GOLDEN=1 rewrites it (when intended)."""
    path = GOLDEN / name
    if os.environ.get("FOEDUS_UPDATE_GOLDEN"):
        path.write_text(text)
    assert text == path.read_text(), (
        f"output differs from {path}; rerun with FOEDUS_UPDATE_GOLDEN=1 if intended"
    )


def make_treaty(tid, members, provisions, start="2000-01-01", end=None, phases_from=None, **extra):
    """A treaty in force over [start, end); its members' phases run over [phases_from or start, end),
    or stay open when `phases_from` is given (so that they outlast the treaty)."""
    phases = {}
    for m in members:
        code, _, status = m.partition(":")
        span = {"start": phases_from or start, "end": None if phases_from else end}
        phases[code] = [{"status": status or "member", **span, "source": ["S"]}]
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
        "sources": {"S": {"title": "test", "kind": "treaty_text"}},
        **extra,
    }
    return Treaty.model_validate(raw)


DEFENCE = {"id": "def", "type": "defense", "assistance": "military"}
