"""Benchmarks that print figures (speed targets are measured here, not in tests)."""
