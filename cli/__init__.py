"""nongrata.cli."""
