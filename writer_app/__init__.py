"""writer-app: a private, local writing assistant built on llama.cpp."""

__version__ = "0.1.0"
