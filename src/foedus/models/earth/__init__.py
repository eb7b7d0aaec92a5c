"""The EARTH family (Bremer & Mihalka 1977; Cusack & Stoll 1990, 1994): states on a hexagonal map."""

from foedus.models.earth.model import Earth

__all__ = ["Earth"]
