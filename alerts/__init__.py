"""nongrata.alerts."""
