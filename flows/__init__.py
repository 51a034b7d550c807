"""nongrata.flows."""
