"""Helpers that generate GGUF models in code, for tests, benchmarks and the self-test."""
