"""The frame shared by every section: dashboard, help, palette, history, conflicts, dialogs."""
