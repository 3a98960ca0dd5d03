"""compact-tui: run a local Compact Steering Group from the terminal."""

__version__ = "0.1.0"
