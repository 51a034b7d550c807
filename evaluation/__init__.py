"""nongrata.evaluation: scoring extraction on a labelled corpus, and the person matcher on
labelled name pairs."""
