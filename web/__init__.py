"""The read-only web view of the database (``nongrata web``): pages, downloads, JSON API."""
