"""Plain-Python tests: no display, no engine process."""
