"""Widgets, dialogs and actions of the editor window."""
