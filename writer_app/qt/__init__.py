"""QObject services between the widgets and the Qt-free core: threads and signals."""
