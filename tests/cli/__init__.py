"""Tests for the advise command line."""
