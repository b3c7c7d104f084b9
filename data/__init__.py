"""Qonys data room: raw sources → DuckDB build, the store API, and thin command-line adapters."""
