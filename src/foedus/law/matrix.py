"""Whole worlds: every state's duty towards every other on a date, as a matrix (for scenarios)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from foedus.kb.base import KnowledgeBase
from foedus.kb.dates import Tri
from foedus.law.obligations import Theatre, obligations

# Verdict codes of an obligation matrix, ordered so that the strongest duty is the largest.
NONE, NO, MAYBE, MUST = -1, 0, 1, 2
_CODE = {Tri.FALSE: NO, Tri.UNKNOWN: MAYBE, Tri.TRUE: MUST}
CONSULTATION = "consultation"


@dataclass
class ObligationMatrix:
    """`verdict[i, j]`: must state j assist state i if i is attacked? MUST, MAYBE (unknown), NO (a
    treaty binds them but does not oblige j here) or NONE (no treaty ties j to i); the strongest
    over all treaties. `treaties[i][j]` names the treaties behind a MUST or MAYBE."""

    states: list[str]
    on: dt.date
    theatre: Theatre
    verdict: np.ndarray
    treaties: list[list[tuple[str, ...]]]

    def of(self, victim: str, helper: str) -> int:
        return int(self.verdict[self.states.index(victim), self.states.index(helper)])


def obligation_matrix(
    kb: KnowledgeBase,
    states: list[str],
    on: dt.date,
    theatre: Theatre = "home",
    requested: bool | None = None,
    state_of_war: bool | None = None,
    assistance_only: bool = False,
) -> ObligationMatrix:
    """Every state's duty towards every other on `on`, for whole worlds (one victim query per row;
    the aggressor is left unknown, so no conflict flags are computed). `assistance_only` leaves out
    duties to consult, which a simulated war cannot act on."""
    index = {code: i for i, code in enumerate(states)}
    verdict = np.full((len(states), len(states)), NONE, dtype=np.int8)
    behind: list[list[tuple[str, ...]]] = [[() for _ in states] for _ in states]
    for i, victim in enumerate(states):
        for o in obligations(kb, victim, None, on, theatre, requested, state_of_war).obligations:
            j = index.get(o.state)
            if j is None or (assistance_only and o.kind in (None, CONSULTATION)):
                continue
            code = _CODE[o.obliged]
            if code > verdict[i, j]:
                verdict[i, j] = code
                behind[i][j] = (o.treaty,) if code > NO else ()
            elif code == verdict[i, j] and code > NO:
                behind[i][j] = (*behind[i][j], o.treaty)
    return ObligationMatrix(list(states), on, theatre, verdict, behind)
