"""Analyses over the processed store: pure functions from frames to frames (no I/O, no charts)."""
