"""The app's themes: Textual's dark and light, and a high-contrast one for low vision and
bright rooms (white on black, yellow keys and cursor; every pair of text and background at
least 7:1, WCAG's AAA level). ``ctrl+t`` steps through them; ``theme:`` in the settings picks
one. ``NO_COLOR`` is honoured by Textual itself (everything in shades of grey), which is
why no state is ever shown by colour alone: overdue, quorate and conflict are words too.
"""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFD700",
    error="#FF8080",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#FFFFFF",
    dark=True,
    variables={
        "text-muted": "#FFFFFF",
        "text-primary": "#FFFF00",
        "footer-background": "#000000",
        "footer-key-foreground": "#FFFF00",
        "footer-description-foreground": "#FFFFFF",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "input-cursor-background": "#FFFF00",
        "input-cursor-foreground": "#000000",
        "input-selection-background": "#FFFF00 60%",
        "border": "#FFFFFF",
        "border-blurred": "#C0C0C0",
        "scrollbar": "#FFFFFF",
        "scrollbar-background": "#000000",
    },
)

THEMES = (HIGH_CONTRAST,)
THEME_CYCLE = ("textual-dark", "textual-light", "high-contrast")


def next_theme(current: str) -> str:
    """The theme after ``current`` in the ctrl+t cycle (a theme outside it goes to the first)."""
    if current not in THEME_CYCLE:
        return THEME_CYCLE[0]
    return THEME_CYCLE[(THEME_CYCLE.index(current) + 1) % len(THEME_CYCLE)]
