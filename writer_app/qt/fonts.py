"""Chinese, Japanese and Korean text in a font of the writer's own writing.

Chinese, Japanese and Korean share the code points of their Han characters but not the
shapes, and a system falls back for them to whichever CJK font it finds first (on Linux
often Noto Sans CJK JP): Simplified Chinese would be drawn with Japanese shapes. So a
font is given, after its own family, the CJK families of the interface's language as its
fallbacks (Simplified Chinese for other languages: most of writer-app's writers who write
in a CJK language write Chinese).
"""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo

# Families by writing, most wanted first: Noto and Source Han (Linux, or installed
# anywhere), then each system's own (Windows, macOS), then WenQuanYi (older Linux).
_SIMPLIFIED = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN",
               "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei")
_TRADITIONAL = ("Noto Sans CJK TC", "Source Han Sans TC", "Source Han Sans TW",
                "Microsoft JhengHei", "PingFang TC")
_HONG_KONG = ("Noto Sans CJK HK", "Source Han Sans HK", "Microsoft JhengHei", "PingFang HK")
_JAPANESE = ("Noto Sans CJK JP", "Source Han Sans JP", "Yu Gothic", "Meiryo",
             "Hiragino Sans")
_KOREAN = ("Noto Sans CJK KR", "Source Han Sans KR", "Malgun Gothic", "Apple SD Gothic Neo")


def _wanted(locale: QLocale) -> tuple[str, ...]:
    language = locale.language()
    if language == QLocale.Language.Japanese:
        return _JAPANESE
    if language == QLocale.Language.Korean:
        return _KOREAN
    if language == QLocale.Language.Chinese and (
            locale.script() == QLocale.Script.TraditionalChineseScript
            or locale.territory() in (QLocale.Country.Taiwan, QLocale.Country.HongKong,
                                      QLocale.Country.Macao)):
        hong_kong = locale.territory() in (QLocale.Country.HongKong,
                                           QLocale.Country.Macao)
        return _HONG_KONG + _TRADITIONAL if hong_kong else _TRADITIONAL
    return _SIMPLIFIED


def cjk_families(locale: QLocale) -> list[str]:
    """The installed CJK families for text in ``locale``'s language, most wanted first."""
    installed = set(QFontDatabase.families())
    return [family for family in _wanted(locale) if family in installed]


def with_cjk_fallback(font: QFont, locale: QLocale | None = None) -> QFont:
    """``font``, drawing CJK text it lacks in the CJK font of ``locale`` (the interface's
    by default) rather than the system's first."""
    # The family really used, not a generic name ("Sans Serif"): a list whose first name
    # is not installed is matched by its next one, which would draw every script.
    own = [QFontInfo(font).family(), *font.families()[1:]]
    fallback = [family for family in cjk_families(locale or QLocale()) if family not in own]
    result = QFont(font)
    result.setFamilies([*own, *fallback])
    return result
