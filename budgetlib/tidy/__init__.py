"""Grids → tidy long rows: codes, numbers, tables."""
