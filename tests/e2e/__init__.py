"""The app and the CLI run as a user runs them: as subprocesses."""
