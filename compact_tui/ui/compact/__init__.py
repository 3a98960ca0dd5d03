"""The Compact's clock: due and overdue, consultations, funding changes, the cycle."""
