"""nongrata.ingest: poll feeds, fetch and clean their pages, store the articles; the feed
registry."""
