"""nongrata.extractors."""
