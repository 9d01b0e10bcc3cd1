"""Widget tests with pytest-qt, offscreen."""
