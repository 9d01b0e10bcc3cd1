"""The writer's files and what is kept beside them: files, recovery, locks, history, notes."""
