"""writer-app: a private, local writing assistant built on llama.cpp."""

__version__ = "0.1.0"
# The reverse-DNS id of the desktop entry, the AppStream metainfo and the icon.
APP_ID = "org.writer_app.WriterApp"
