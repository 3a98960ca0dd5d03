"""Benchmarks for compact-tui: how fast the app is as the store grows, side by side.

``python -m benchmarks`` (``make bench``) generates stores of 1, 10 and 55 years (cached under
``benchmarks/out/``), measures start-up, a saved edit, keystroke latency while saves run,
filtering, export and peak memory, each against a baseline measured in the same run, and prints
a table with the goals from issue 8. ``--quick`` (``make bench-quick``) runs the 1-year and
10-year stores only. Benchmarks never fail on timing: a missed goal is printed as ``MISSED``.
"""
