"""Tests for advisor/outputs."""
