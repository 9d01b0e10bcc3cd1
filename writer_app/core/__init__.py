"""Plain-Python model of writer-app: actions, prompts, GGUF inspection, protocol. No Qt here."""
