"""Places in Essen: the gazetteer of Stadtbezirke and Stadtteile, and what is built from it."""
