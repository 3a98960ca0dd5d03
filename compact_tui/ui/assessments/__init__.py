"""Screens of the assessments section."""
