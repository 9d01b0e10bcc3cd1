"""Widgets and helpers every part of the window uses: actions, texts, numbers, theme, fonts."""
