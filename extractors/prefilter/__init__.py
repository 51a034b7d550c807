"""The prefilter: cheap tests of whether a page or an article can hold an event, and the
parts of an English article worth parsing (``focus``)."""
