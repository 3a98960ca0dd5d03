"""Screens of the disputes section."""
