"""``python -m writer_app.cli``: the same as ``writer-app-cli``."""

from writer_app.cli.main import main_exit

main_exit()
