"""nongrata.net."""
