"""Rule-based extraction for German, French, Polish, Russian, Spanish, Romanian, Norwegian."""
