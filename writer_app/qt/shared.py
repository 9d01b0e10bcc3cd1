"""What every window of the app shares: the settings in use, downloads, the engine switch.

Each window has its own document, editor, assistant and message bridge; the parts here are
built once and handed to each window, so a setting changed in one window holds in all, a
download runs once, and all windows use one engine (see ``EngineService``). Messages of the
shared parts (a setting that could not be saved) reach the window the writer works in.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot

from writer_app.core.paths import AppPaths
from writer_app.core.settings import Settings, SettingsStore, read_token
from writer_app.qt.download_service import DownloadService
from writer_app.qt.engine_service import EngineService
from writer_app.qt.engine_switch import EngineSwitch, active_server
from writer_app.qt.messages import Alert, MessageBridge, StatusMessage
from writer_app.qt.preferences import Preferences


class SharedServices(QObject):
    """The app's shared parts, and the message bridges of the windows that use them."""

    def __init__(self, service: EngineService, store: SettingsStore, settings: Settings,
                 paths: AppPaths, *, downloads: DownloadService | None = None) -> None:
        super().__init__()
        self.service = service
        self.store = store
        self.paths = paths
        self.messages = MessageBridge(self)
        self.messages.status_posted.connect(self._on_messages_status_posted)
        self.messages.alert_posted.connect(self._on_messages_alert_posted)
        self.preferences = Preferences(store, settings, self.messages, self)
        self.downloads = downloads or DownloadService(
            settings.hub_settings(read_token(paths.token_file)),
            settings.download_dir(paths.models_dir), self, default_dir=paths.models_dir)
        self.preferences.changed.connect(self._on_preferences_changed)
        self.engines = EngineSwitch(service, paths.config)
        server = active_server(settings)
        if server is not None:  # before anything asks the local engine to start
            self.engines.use_server(server)
        self._bridges: list[MessageBridge] = []

    def attach(self, bridge: MessageBridge) -> None:
        """A window opened (or became active): shared messages go to ``bridge`` now."""
        if bridge in self._bridges:
            self._bridges.remove(bridge)
        self._bridges.append(bridge)

    def detach(self, bridge: MessageBridge) -> None:
        """A window closed; after the last one, the downloads stop."""
        if bridge in self._bridges:
            self._bridges.remove(bridge)
        if not self._bridges:
            self.downloads.shutdown()

    @Slot(object)
    def _on_preferences_changed(self, settings: Settings) -> None:
        """The next download goes to the download folder chosen in the settings."""
        self.downloads.models_dir = settings.download_dir(self.downloads.default_dir)

    @Slot(object)
    def _on_messages_status_posted(self, message: StatusMessage) -> None:
        if self._bridges:
            self._bridges[-1].status_posted.emit(message)

    @Slot(object)
    def _on_messages_alert_posted(self, alert: Alert) -> None:
        if self._bridges:
            self._bridges[-1].alert_posted.emit(alert)
