"""nongrata.matching."""
