"""Domain extraction from the narrative and the performance tables."""
