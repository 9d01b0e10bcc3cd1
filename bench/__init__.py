"""writer-app's measurements: run each script as ``python -m bench.NAME`` from the repository
root (see bench/README.md)."""
