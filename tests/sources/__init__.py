"""Tests for advisor/sources."""
