"""Screens of the meetings section."""
