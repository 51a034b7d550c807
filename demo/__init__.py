"""nongrata.demo."""
