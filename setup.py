"""Packaging that pyproject.toml cannot say: the agenda templates live once, in the top-level
``agendas/`` folder that officers edit, and an installed app carries them as
``compact_tui/agendas/`` (``locations.default_agendas_folder`` looks there first)."""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["compact_tui*"]), "compact_tui.agendas"],
      package_dir={"compact_tui.agendas": "agendas"})
