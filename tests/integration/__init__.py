"""Tests on the real llama.cpp in a real engine process, with generated models."""
