"""The writing surface and what is drawn on it as the writer types."""
