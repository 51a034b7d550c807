"""nongrata.watchlists."""
