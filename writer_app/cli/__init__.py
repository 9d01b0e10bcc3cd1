"""writer-app-cli: the editor's actions on a file or stdin, streamed to stdout."""
