"""foedus on the web: a local JSON API (and, later, the pages that call it)."""
