"""Screens of the actions section."""
