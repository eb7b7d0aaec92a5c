"""The treaty knowledge base schema: treaties, provisions, memberships, each fact sourced.

Provision types follow the ATOP vocabulary (Leeds et al. 2002, International Interactions 28):
defense, offense, neutrality, nonaggression, consultation; plus `exclusivity` for ATOP's
`noothall` ("no other alliances"). Membership phases are half-open day intervals [start, end).
"""

from __future__ import annotations

import enum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    model_validator,
)

from foedus.kb.dates import FuzzyDate
from foedus.kb.states import UnknownStateError, state

# A model-level error message starting "@a.0.b: " names the field it is about (the loader finds
# its line from that path).
AT = "@"

Date = Annotated[FuzzyDate, BeforeValidator(FuzzyDate.parse), PlainSerializer(str)]


class Confidence(enum.StrEnum):
    VERIFIED = "verified"  # at least one source states the fact
    CONFLICTING = "conflicting"  # sources disagree; the value chosen, the other kept in `alternative`
    UNVERIFIED = "unverified"  # no source confirmed it


class Status(enum.StrEnum):
    """What a state *is* under a treaty: its legal standing."""

    MEMBER = "member"  # a party (or a member of the organization)
    SIGNATORY = "signatory"  # signed, not yet in force for this party
    SUSPENDED = "suspended"  # membership suspended by the organization (Uzbekistan, CSTO 2012)
    OBSERVER = "observer"  # of the body named in `body`
    PARTNER = "partner"
    ASSOCIATE = "associate"
    WITHDRAWN = "withdrawn"
    CONTESTED = "contested"  # membership claimed by some, rejected by others


class Participation(enum.StrEnum):
    """How a member *takes part*. Never changes its legal standing, so never makes it uncertain."""

    FULL = "full"
    FROZEN = "frozen"  # frozen or suspended by the state itself (Armenia, CSTO 2024)
    OUTSIDE_INTEGRATED_COMMAND = "outside_integrated_command"  # France 1966-2009, Greece 1974-80
    OPT_OUT = "opt_out"  # a treaty-based opt-out (Denmark's EU defence opt-out, 1993-2022)


class ProvisionType(enum.StrEnum):
    DEFENSE = "defense"
    OFFENSE = "offense"
    NEUTRALITY = "neutrality"
    NONAGGRESSION = "nonaggression"
    CONSULTATION = "consultation"
    EXCLUSIVITY = "exclusivity"
    # A general pledge to cooperate for security and defence: no ATOP obligation (not even
    # `consul`, which needs consultation specific to a militarized crisis), so no duty in an answer.
    COOPERATION = "cooperation"


MILITARY_PROVISIONS = {ProvisionType.DEFENSE, ProvisionType.OFFENSE, ProvisionType.NEUTRALITY}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class Sourced(_Strict):
    source: list[str] = Field(min_length=1, description="keys into the file's `sources`")
    confidence: Confidence = Confidence.VERIFIED
    alternative: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _conflict_needs_alternative(self) -> Sourced:
        if self.confidence is Confidence.CONFLICTING and not self.alternative:
            raise ValueError("confidence 'conflicting' needs the other value in `alternative`")
        return self


class DatedFact(Sourced):
    date: Date


class SourceKind(enum.StrEnum):
    """What a source is, by the work it gives (an online copy of a book is still the book)."""

    TREATY_TEXT = "treaty_text"  # the text itself: primary
    OFFICIAL = "official"  # the organization or a government (press releases, ministries, archives)
    SCHOLARLY = "scholarly"  # books, journals, edited reference works
    PRESS = "press"  # news reports
    MIRROR = "mirror"  # encyclopedia copies, blogs, aggregators: to be replaced when possible


PRIMARY_OR_OFFICIAL = {SourceKind.TREATY_TEXT, SourceKind.OFFICIAL}


class Source(_Strict):
    title: str
    kind: SourceKind
    url: str | None = None


class ConditionKind(enum.StrEnum):
    GEOGRAPHIC = "geographic"  # the attack must fall in a treaty area (NATO Art. 6)
    VICTIM_REQUEST = "victim_request"  # assistance on the victim's request (CST Art. 4, 2010)
    NAMED_ADVERSARY = "named_adversary"
    STATE_OF_WAR = "state_of_war"  # the victim is invaded and in a state of war (Russia-DPRK)
    CONSTITUTIONAL_PROCESSES = "constitutional_processes"  # act per each party's constitution
    UN_CHARTER_51 = "un_charter_51"  # the legal basis: collective self-defence, Art. 51


class Condition(_Strict):
    kind: ConditionKind
    text: str
    area: str | None = None
    inside: list[str] = Field(default_factory=list, description="home territory wholly in area")
    partly_inside: list[str] = Field(default_factory=list, description="home territory partly in")
    adversaries: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> Condition:
        for code in [*self.inside, *self.partly_inside, *self.adversaries]:
            _check_state(code)
        return self


class Assistance(enum.StrEnum):
    MILITARY = "military"  # assistance including military, as an obligation
    AS_DEEMED_NECESSARY = "as_deemed_necessary"  # such action as each deems necessary (NATO)
    CONSTITUTIONAL_PROCESSES = "constitutional_processes"  # act to meet the common danger
    AID_AND_ASSISTANCE = "aid_and_assistance"  # by all the means in their power (TEU 42(7))
    ASSIST_FORCE_BY_CONSENT = "assist_force_by_consent"  # assist; armed force only if it consents (Rio 20)
    AID_WITHIN_OWN_POLICY = "aid_within_own_policy"  # 42(7) for neutral members: their policy's terms
    CONSULTATION = "consultation"


class Reservation(Sourced):
    """A party's understanding or reservation narrowing a provision for itself alone (the US
    understanding to SEATO Art. IV(1): communist aggression only)."""

    by: list[str] = Field(min_length=1)
    text: str
    conditions: list[Condition] = Field(default_factory=list)  # added for these parties
    assistance: Assistance | None = None  # what these parties owe instead, if it differs
    valid_from: Date | None = None
    valid_to: Date | None = None

    @model_validator(mode="after")
    def _check(self) -> Reservation:
        for code in self.by:
            _check_state(code)
        if not self.conditions and self.assistance is None:
            raise ValueError("a reservation needs `conditions` or an `assistance` kind")
        _check_order(self.valid_from, self.valid_to, "valid_from", "valid_to")
        return self


class Provision(Sourced):
    id: str
    article: str | None = Field(description="article number; null if not verified")
    type: ProvisionType
    summary: str
    assistance: Assistance | None = None
    conditions: list[Condition] = Field(default_factory=list)
    reservations: list[Reservation] = Field(default_factory=list)
    # Exclusivity only: 'any' forbids every other military alliance; 'directed_against_parties'
    # only those aimed at a fellow party (a narrower reading of, e.g., CST Art. 1);
    # 'in_conflict_with_treaty' is a non-conflict clause (North Atlantic Treaty Art. 8, Warsaw
    # Treaty Art. 7): only an engagement at odds with the treaty is barred, and it has no broad reading.
    reading: Literal["any", "directed_against_parties", "in_conflict_with_treaty"] | None = None
    valid_from: Date | None = None  # dates during which this wording held
    valid_to: Date | None = None
    # How sure the ATOP-style coding (type, assistance, conditions) is, apart from the text's own
    # confidence above: our reading until checked against ATOP's codesheet for the treaty.
    coding_confidence: Confidence = Confidence.UNVERIFIED

    @model_validator(mode="after")
    def _check(self) -> Provision:
        if self.type is ProvisionType.EXCLUSIVITY and self.reading is None:
            raise ValueError("an exclusivity provision needs a `reading`")
        if self.type is ProvisionType.DEFENSE and self.assistance is None:
            raise ValueError("a defense provision needs an `assistance` kind")
        _check_order(self.valid_from, self.valid_to, "valid_from", "valid_to")
        return self


class Phase(Sourced):
    status: Status
    start: Date | None = None
    end: Date | None = None  # exclusive: the first day the phase no longer holds
    body: str | None = None  # for observers: the organ observed
    how: str | None = None  # for withdrawals: how the state left

    @model_validator(mode="after")
    def _check(self) -> Phase:
        _check_order(self.start, self.end, "start", "end")
        return self


class ParticipationPhase(Sourced):
    """A span during which a member takes part other than fully; its dates are its own."""

    mode: Participation
    start: Date
    end: Date | None = None  # exclusive

    @model_validator(mode="after")
    def _check(self) -> ParticipationPhase:
        if self.mode is Participation.FULL:
            raise ValueError("only departures from full participation are recorded")
        _check_order(self.start, self.end, "start", "end")
        return self


class Membership(_Strict):
    state: str | None = None  # ISO alpha-3; null for non-state participants
    entity: str | None = None  # e.g. a parliament observing a parliamentary assembly
    phases: list[Phase] = Field(min_length=1)
    participation: list[ParticipationPhase] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> Membership:
        if self.state is None and self.entity is None:
            raise ValueError("a membership needs a `state` or an `entity`")
        if self.state is not None:
            _check_state(self.state)
        _check_sequence(self.phases, "phase")
        _check_sequence(self.participation, "participation phase")
        return self

    @property
    def label(self) -> str:
        """The participant as a reader needs it: a parliament observing is not its state."""
        if self.entity:
            return f"{self.entity} ({self.state})" if self.state else self.entity
        return self.state or "?"


class DyadicSuspension(Sourced):
    """One party suspends its obligations towards another (US towards NZ in ANZUS, 1986)."""

    by: str
    towards: str
    start: Date
    end: Date | None = None

    @model_validator(mode="after")
    def _check(self) -> DyadicSuspension:
        _check_state(self.by)
        _check_state(self.towards)
        _check_order(self.start, self.end, "start", "end")
        return self


class Invocation(Sourced):
    article: str
    date: Date
    by: list[str] = Field(default_factory=list)
    summary: str

    @model_validator(mode="after")
    def _check(self) -> Invocation:
        for code in self.by:
            _check_state(code)
        return self


class Event(DatedFact):
    """A dated decision about the treaty itself (SEATO's phase-out decision of 24 Sep 1975)."""

    summary: str


class Treaty(_Strict):
    id: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$")
    name: str
    aliases: list[str] = Field(default_factory=list)
    kind: Literal["treaty", "organization"]
    defence_pact: bool
    built_on: str | None = None  # e.g. the CSTO is built on the Collective Security Treaty
    summary: str
    signed: DatedFact | None = None
    in_force: DatedFact | None = None
    ended: DatedFact | None = None
    coverage_until: Date  # facts were checked up to this day; later queries answer "unknown"
    # What the file knowingly leaves out (e.g. later accessions not coded): every answer says so.
    coverage_gap: str | None = None
    provisions: list[Provision] = Field(default_factory=list)
    memberships: list[Membership] = Field(default_factory=list)
    suspensions: list[DyadicSuspension] = Field(default_factory=list)
    invocations: list[Invocation] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    sources: dict[str, Source]

    @model_validator(mode="after")
    def _check(self) -> Treaty:
        signed, in_force, ended = (f.date if f else None for f in (self.signed, self.in_force, self.ended))
        _check_order(signed, in_force, "signed.date", "in_force.date", strict=False)
        _check_order(in_force or signed, ended, "in_force.date" if in_force else "signed.date", "ended.date")
        self._check_inherited_confidence()
        missing = sorted({key for fact in self.facts() for key in fact.source} - set(self.sources))
        if missing:
            raise ValueError(f"source keys not defined in `sources`: {', '.join(missing)}")
        seen: set[str] = set()
        for m in self.memberships:
            if m.label in seen:
                raise ValueError(f"{m.label} has two membership entries; merge their phases")
            seen.add(m.label)
        return self

    def _check_inherited_confidence(self) -> None:
        """A phase dated by the treaty's signing, entry into force or end inherits that fact's
        doubt: it cannot be `verified` when the fact is not."""
        doubtful = {
            str(f.date): (name, f.confidence)
            for name, f in (("signed", self.signed), ("in_force", self.in_force), ("ended", self.ended))
            if f is not None and f.confidence is not Confidence.VERIFIED
        }
        for i, m in enumerate(self.memberships):
            spans = [("phases", j, p) for j, p in enumerate(m.phases)]
            spans += [("participation", j, p) for j, p in enumerate(m.participation)]
            for where, j, phase in spans:
                if phase.confidence is not Confidence.VERIFIED:
                    continue
                for edge in (phase.start, phase.end):
                    if edge is not None and str(edge) in doubtful:
                        name, confidence = doubtful[str(edge)]
                        raise ValueError(
                            f"{AT}memberships.{i}.{where}.{j}: {m.label}'s date {edge} is the treaty's "
                            f"`{name}` date, which is {confidence.value}; the phase cannot be verified"
                        )

    def facts(self) -> list[Sourced]:
        out: list[Sourced] = [f for f in (self.signed, self.in_force, self.ended) if f]
        out += self.provisions + [r for p in self.provisions for r in p.reservations]
        out += self.suspensions + self.invocations + self.events
        out += [p for m in self.memberships for p in [*m.phases, *m.participation]]
        return out


def _check_sequence(spans: list, what: str) -> None:
    for i, (a, b) in enumerate(zip(spans, spans[1:], strict=False)):
        if a.end is None:
            raise ValueError(f"{what} {i} is open-ended but {what} {i + 1} follows it")
        if b.start is None or b.start.latest < a.end.earliest:
            raise ValueError(
                f"{what}s {i} and {i + 1} overlap or are out of order: "
                f"{what} {i} ends {a.end}, {what} {i + 1} starts {b.start}"
            )


def _check_state(code: str) -> None:
    try:
        found = state(code)
    except UnknownStateError as exc:
        raise ValueError(str(exc)) from None
    if found.code != code:
        raise ValueError(f"expected an ISO alpha-3 code, found {code!r} (use {found.code})")


def _check_order(start: FuzzyDate | None, end: FuzzyDate | None, a: str, b: str, strict: bool = True) -> None:
    """`end` must come after `start` (or on the same day when not `strict`). Imprecise dates are
    intervals: an end that can be no later than the start at either bound (start 2000, end 2000)
    leaves a span that may be empty and can never be shown to hold, so it is refused too."""
    if start is None or end is None:
        return
    if not strict:
        if end.latest < start.earliest:
            raise ValueError(f"`{b}` ({end}) must not come before `{a}` ({start})")
        return
    certainly_not_after = end.latest <= start.earliest
    never_shown_after = end.earliest <= start.earliest and end.latest <= start.latest
    if certainly_not_after or never_shown_after:
        raise ValueError(f"`{b}` ({end}) must come after `{a}` ({start})")
