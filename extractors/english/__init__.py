"""English extraction: spaCy parse, event triggers, roles, participants, timing, newness."""
