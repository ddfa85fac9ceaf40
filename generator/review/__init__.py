"""Review: what a pull request changes in the handbook, as a summary for its comment."""
