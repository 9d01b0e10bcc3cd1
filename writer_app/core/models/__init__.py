"""A model file and whether it runs here: GGUF header, adapters, load settings, memory fit,
hardware."""
