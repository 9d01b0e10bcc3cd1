"""The interface's language: the system's, or the one chosen in Settings (General).

Qt's own texts (standard buttons, file dialogs, the editor's context menu) come from Qt's
qtbase catalogue, writer-app's from resources/translations/writer_app_<locale>.qm. Where
Qt's catalogue lacks a text its widgets show, writer-app's carries it in Qt's own context
(it is asked first, being installed last). The choice applies at start: Settings says so,
and the next start uses it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QTranslator,
)

log = logging.getLogger(__name__)

# What Settings (General) offers besides the system's language: (native name, setting).
LANGUAGES = (("English", "en"), ("简体中文", "zh_CN"))
# Texts of Qt's file dialog that its zh_CN catalogue does not have (Qt 6.11).
QT_CATALOGUE_GAPS = (QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
                     QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"))


def chosen_locale(setting: str) -> QLocale:
    """The locale for the ``language`` setting ("" follows the system)."""
    return QLocale(setting) if setting else QLocale.system()


def install_translations(app: QCoreApplication, setting: str, folder: Path) -> QLocale:
    """Load Qt's and writer-app's catalogues for ``setting`` from ``folder``; numbers and
    dates follow the same locale. Returns it. A language writer-app has no catalogue for
    gets its English one, which holds the plural forms of the English source texts."""
    locale = chosen_locale(setting)
    QLocale.setDefault(locale)
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    english = QLocale(QLocale.Language.English)
    for name, where, fallback in (("qtbase", qt_folder, None),
                                  ("writer_app", str(folder), english)):
        translator = QTranslator(app)
        if translator.load(locale, name, "_", where) or (
                fallback is not None and translator.load(fallback, name, "_", where)):
            app.installTranslator(translator)
        if translator.isEmpty() and locale.language() not in (QLocale.Language.English,
                                                               QLocale.Language.C):
            log.info("no %s translation for %s in %s", name, locale.name(), where)
    return locale


def interface_language() -> str:
    """The interface's language as the templates and prompts name it: "zh" or "en"."""
    return "zh" if QLocale().language() == QLocale.Language.Chinese else "en"
