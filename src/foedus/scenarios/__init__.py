"""Worlds built from the knowledge base (treaties on a date, COW capabilities, land borders) and the
scenario catalogue that runs them with EARTH."""
