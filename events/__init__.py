"""nongrata.events: recording extracted events, clustering reports of one event across
outlets (pure), and re-matching stored events when the watchlists change."""
