"""The engine: llama.cpp in a child process (``worker``) and the app's handle on it (``client``).

Only ``runtime`` and ``worker`` import llama_cpp, and only inside the engine process.
"""
