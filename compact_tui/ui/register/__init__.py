"""Screens of the register section."""
