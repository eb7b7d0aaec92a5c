"""Cederman's GeoSim (APSR 2003)."""
