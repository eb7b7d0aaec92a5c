"""Cederman's GeoSim (APSR 2003)."""

from foedus.models.geosim.model import GeoSim

__all__ = ["GeoSim"]
