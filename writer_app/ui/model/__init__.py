"""Which model the assistant uses: loading it, getting one, its adapters, and servers."""
