"""nongrata.pipeline."""
