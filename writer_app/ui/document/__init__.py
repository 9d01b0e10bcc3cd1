"""The open document: its file, autosave and recovery, counts, and its notes."""
