"""Map worlds: named states at their capitals, land borders, capabilities and treaty alliances.

A map world is a file (YAML or JSON) a user can read, edit, save and run: `foedus scenario build`
writes one from the knowledge base, `foedus scenario run` runs one with EARTH. Every field is
validated like a treaty file (file, line, field, what was expected, what was found).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Literal

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from foedus.kb.loader import FileProblemsError, parse_document, read_utf8
from foedus.kb.schema import AT
from foedus.models.earth.hexmap import compressed

Style = Literal["realpolitik", "collective_security", "laissez_faire", "power_seeker", "aggressor"]
Duty = Literal["must", "maybe", "none"]
EARTH_RADIUS_KM = 6371.0088


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class WorldState(_Strict):
    code: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_:.-]+$")
    name: str = Field(min_length=1, max_length=200)
    capability: float = Field(gt=0, le=1.0, description="share of world capability (COW CINC)")
    lat: float = Field(ge=-90, le=90, description="capital latitude")
    lon: float = Field(ge=-180, le=180, description="capital longitude")
    style: Style = "laissez_faire"
    source: str = Field("", max_length=500, description="where the capability figure comes from")


class WorldMember(_Strict):
    """A state's place in an alliance: its legal status, how it takes part, and the duty the law
    engine found towards the other members (strongest over the treaty's provisions)."""

    state: str
    status: str = Field(min_length=1, max_length=40)
    participation: Literal["full", "frozen"] = "full"
    duty: Duty = "must"
    on_request: bool = Field(False, description="the duty arises only if the victim asks for help")


class WorldAlliance(_Strict):
    treaty: str = Field(min_length=1, max_length=80)
    name: str = Field(min_length=1, max_length=300)
    article: str = Field("", max_length=200)
    members: list[WorldMember]
    observers: list[str] = []
    suspended: list[tuple[str, str]] = Field(
        [], description="(helper, victim) pairs of members whose duty is suspended between them"
    )


class MapWorld(_Strict):
    name: str = Field(min_length=1, max_length=200)
    date: dt.date | None = Field(None, description="the date the world describes")
    description: str = Field("", max_length=5000)
    sources: list[str] = []
    states: list[WorldState] = Field(min_length=2, max_length=2000)
    borders: list[tuple[str, str]]
    alliances: list[WorldAlliance] = []
    aggressor: str | None = None
    power_scale: float = Field(10_000.0, gt=0, le=1e9, description="power = capability x power_scale")
    reach_half_km: float = Field(
        2000.0, gt=0, le=1e6, description="distance from the theatre at which a helper's power halves"
    )

    @model_validator(mode="after")
    def _consistent(self):
        codes = [s.code for s in self.states]
        seen: set[str] = set()
        for i, c in enumerate(codes):
            if c in seen:
                raise ValueError(f"{AT}states.{i}.code: state {c!r} is listed twice")
            seen.add(c)
        pairs: set[frozenset] = set()
        for i, (a, b) in enumerate(self.borders):
            for x in (a, b):
                if x not in seen:
                    raise ValueError(
                        f"{AT}borders.{i}: unknown state {x!r} (expected one of the world's states)"
                    )
            if a == b:
                raise ValueError(f"{AT}borders.{i}: a state cannot border itself ({a!r})")
            if frozenset((a, b)) in pairs:
                raise ValueError(f"{AT}borders.{i}: border {a}-{b} is listed twice")
            pairs.add(frozenset((a, b)))
        for k, al in enumerate(self.alliances):
            listed = [m.state for m in al.members] + list(al.observers)
            for x in listed:
                if x not in seen:
                    raise ValueError(f"{AT}alliances.{k}: unknown state {x!r} in {al.treaty}")
            members = {m.state for m in al.members}
            for pair in al.suspended:
                if not set(pair) <= members:
                    raise ValueError(
                        f"{AT}alliances.{k}.suspended: {pair} are not both members of {al.treaty}"
                    )
            if len(set(listed)) != len(listed):
                raise ValueError(f"{AT}alliances.{k}: a state is listed twice in {al.treaty}")
        if self.aggressor is not None and self.aggressor not in seen:
            raise ValueError(f"{AT}aggressor: unknown state {self.aggressor!r}")
        return self

    # --- arrays for the kernel ---
    def index(self) -> dict[str, int]:
        return {s.code: i for i, s in enumerate(self.states)}

    def adjacency(self) -> tuple[np.ndarray, np.ndarray]:
        """One cell per state: the states' land borders as compressed adjacency lists."""
        idx = self.index()
        lists: list[set[int]] = [set() for _ in self.states]
        for a, b in self.borders:
            lists[idx[a]].add(idx[b])
            lists[idx[b]].add(idx[a])
        return compressed([sorted(x) for x in lists])

    def powers(self) -> np.ndarray:
        return np.array([s.capability * self.power_scale for s in self.states], dtype=np.float64)

    def distances_km(self) -> np.ndarray:
        """Great-circle distances between capitals (haversine, mean Earth radius)."""
        lat = np.radians([s.lat for s in self.states])
        lon = np.radians([s.lon for s in self.states])
        dlat = lat[:, None] - lat[None, :]
        dlon = lon[:, None] - lon[None, :]
        h = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
        return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))

    def reach(self) -> np.ndarray:
        """reach[k, j]: the share of k's power it brings to a war fought at j's capital; it halves
        every `reach_half_km` (Boulding's loss-of-strength gradient, *Conflict and Defense*, 1962,
        in an exponential form: an assumption)."""
        return 0.5 ** (self.distances_km() / self.reach_half_km)

    def treaty_ids(self) -> list[str]:
        return [al.treaty for al in self.alliances]


class WorldFileError(FileProblemsError):
    """A world file that cannot be read or does not validate."""

    kind = " in the world file"


def load_world(path: str | Path) -> MapWorld:
    """A world file (YAML or JSON: JSON is YAML) as a validated MapWorld."""
    return parse_document(read_utf8(path, WorldFileError), path, MapWorld, WorldFileError)


def world_text(world: MapWorld, fmt: Literal["yaml", "json"] = "yaml") -> str:
    data = world.model_dump(mode="json")
    if fmt == "json":
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=None)
