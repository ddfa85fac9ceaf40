"""Statistics: read the data files, aggregate per segment and persona with small groups
suppressed, and show each value the same way wherever it appears."""
