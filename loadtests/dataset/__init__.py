"""The orders dataset: a seeded generator (``orders``), the index definitions (``index``), bulk loading (``bulk``)."""
