"""Law routes: membership, history, obligations, audit, treaties, facts and sources, as the CLI's
`--json` answers, plus what the Alliances page draws (a treaty's timeline and its members' network)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import FastAPI, Query

from foedus.errors import InputError
from foedus.kb.dates import Tri, day_of, period_of

Theatre = Literal["home", "in_area", "outside_area", "unknown"]
Reading = Literal["as_coded", "any", "directed_against_parties"]
Confidence = Literal["verified", "conflicting", "unverified"]
On = Annotated[str, Query(description="YYYY-MM-DD (membership questions also take YYYY-MM or YYYY)")]
Day = Annotated[str, Query(description="an exact day, YYYY-MM-DD")]
VERDICTS = {2: "must", 1: "maybe"}


def _kb():
    from foedus.kb.base import bundled

    return bundled()


def _state(name: str) -> str:
    from foedus.kb.states import state

    return state(name).code


def routes(app: FastAPI) -> None:
    from foedus.kb import queries as Q

    @app.get("/api/treaties", tags=["law"])
    def treaties() -> list[dict[str, Any]]:
        """Each treaty of the knowledge base, its dates and how far its facts were checked."""
        return Q.treaty_rows(_kb())

    @app.get("/api/members", tags=["law"])
    def members(treaty: str, on: On, status: str | None = None) -> list[dict[str, Any]]:
        """Who holds which standing in `treaty` on a day, month or year, with participation and sources."""
        from foedus.kb.schema import Status

        wanted = None
        if status is not None:
            allowed = [s.value for s in Status]
            if status not in allowed:
                raise InputError(f"status: expected one of {', '.join(allowed)}, found {status!r}")
            wanted = Status(status)
        return [r.as_dict() for r in Q.members(_kb(), treaty, period_of(on), wanted)]

    @app.get("/api/history", tags=["law"])
    def history(state: str) -> list[dict[str, Any]]:
        """A state's whole treaty history, oldest first."""
        return [r.as_dict() for r in Q.history(_kb(), _state(state))]

    @app.get("/api/obligations", tags=["law"])
    def obligations(
        victim: str,
        on: Day,
        aggressor: str | None = None,
        theatre: Theatre = "home",
        requested: bool | None = None,
        state_of_war: bool | None = None,
    ) -> dict[str, Any]:
        """Who must assist `victim`, under which article, with conditions, confidence, sources, the
        assumptions the answer made and the invocations recorded that day."""
        from foedus.law.obligations import obligations as assess

        a = assess(_kb(), _state(victim), _state(aggressor) if aggressor else None, day_of(on), theatre,
                   requested, state_of_war)  # fmt: skip
        return a.as_dict()

    @app.get("/api/audit", tags=["law"])
    def audit(
        on: Annotated[str, Query(description="an exact day")], reading: Reading = "as_coded"
    ) -> list[dict]:
        """Memberships that breach a 'no other alliances' clause."""
        from foedus.law.audit import exclusivity_audit

        return [f.as_dict() for f in exclusivity_audit(_kb(), day_of(on), reading)]

    @app.get("/api/in-force", tags=["law"])
    def in_force(on: On) -> list[dict[str, Any]]:
        """Treaties in force on a day, month or year."""
        return Q.in_force_rows(_kb(), period_of(on))

    @app.get("/api/facts", tags=["law"])
    def facts(confidence: Confidence | None = None, treaty: str | None = None) -> list[dict[str, Any]]:
        """Every sourced fact, optionally of one confidence or one treaty."""
        return [c.as_dict() for c in Q.facts(_kb(), confidence, treaty)]

    @app.get("/api/facts/summary", tags=["law"])
    def facts_summary() -> dict[str, Any]:
        """Sources by kind, facts by confidence, and what lacks a primary or official source."""
        return Q.fact_summary(_kb()).as_dict()

    @app.get("/api/cite", tags=["law"])
    def cite(ref: Annotated[str, Query(description="NATO, NATO.art5 or NATO.FRA")]) -> list[dict[str, Any]]:
        """Citations for a treaty, a provision or a membership."""
        return [c.as_dict() for c in Q.cite(_kb(), ref)]

    @app.get("/api/sources", tags=["law"])
    def sources(treaty: str) -> dict[str, Any]:
        """A treaty's sources by id (title, kind, address), to resolve the ids other answers cite."""
        t = _kb().treaty(treaty)
        return {key: s.model_dump(mode="json") for key, s in t.sources.items()}

    @app.get("/api/timeline", tags=["law"])
    def timeline(treaty: str) -> dict[str, Any]:
        """A treaty's life and every party's phases (status, dates, confidence, sources), oldest first."""
        t = _kb().treaty(treaty)
        row = next(r for r in Q.treaty_rows(_kb()) if r["treaty"] == t.id)
        parties = [m.model_dump(mode="json") for m in t.memberships]
        parties.sort(key=lambda m: min([p["start"] or "9999" for p in m["phases"]] or ["9999"]))
        return {**row, "until": str(_kb().coverage_end), "parties": parties}

    @app.get("/api/network", tags=["law"])
    def network(treaty: str, on: Day) -> dict[str, Any]:
        """The treaty's parties on a day at their capitals (present-day GeoNames positions), joined
        by the duties to assist they owe each other that day (consultation left out)."""
        from foedus.kb.schema import Status
        from foedus.law.matrix import obligation_matrix
        from foedus.scenarios.geography import country

        day = day_of(on)
        rows = [r for r in Q.members(_kb(), treaty, day, None) if r.state and r.holds == Tri.TRUE]
        nodes, unplaced = [], []
        for r in rows:
            try:
                c = country(r.state)
            except InputError:
                unplaced.append(r.state)
                continue
            nodes.append({"state": r.state, "name": c.name, "capital": c.capital, "lat": c.lat, "lon": c.lon,
                          "status": r.status, "participation": r.participation})  # fmt: skip
        parties = [n["state"] for n in nodes if n["status"] != Status.OBSERVER.value]
        m = obligation_matrix(_kb(), parties, day, assistance_only=True)
        edges = [
            {"victim": v, "helper": h, "duty": VERDICTS[code], "treaties": list(m.treaties[i][j])}
            for i, v in enumerate(parties)
            for j, h in enumerate(parties)
            if i != j and (code := int(m.verdict[i, j])) in VERDICTS
        ]
        return {
            "treaty": treaty,
            "on": str(day),
            "nodes": nodes,
            "edges": edges,
            "unplaced": unplaced,
            "assumptions": [
                "capitals are present-day positions (GeoNames), whatever the date",
                "edges are duties to assist (military or other), not to consult",
            ],
        }
