"""Which engine the assistant uses: the local model, or a model on a server.

``EngineSwitch`` swaps the engine behind an ``EngineService``. The local engine is kept,
closed while a server is in use (so its process is not running), and comes back in one
step. The API key of a server is read from its owner-only file when the switch is made.
"""

from __future__ import annotations

import logging
from pathlib import Path

from writer_app.core.settings import Settings, read_token
from writer_app.core.sources.servers import ServerConfig, api_key_file
from writer_app.engine.remote import RemoteEngine
from writer_app.qt.engine_service import Engine, EngineService

log = logging.getLogger(__name__)


def with_server(settings: Settings, config: ServerConfig) -> Settings:
    """``settings`` with ``config`` in the list of servers (replacing one at its address)
    and in use."""
    servers = [config if server.base_url == config.base_url else server
               for server in settings.servers]
    if config not in servers:
        servers.append(config)
    return settings.replace(servers=tuple(servers), active_server=config.url)


def active_server(settings: Settings) -> ServerConfig | None:
    """The server the settings say is in use, if it is still in the list."""
    if not settings.active_server:
        return None
    for server in settings.servers:
        if server.url == settings.active_server and server.model:
            return server
    return None


class EngineSwitch:
    """Puts a server's engine or the local one behind ``service``."""

    def __init__(self, service: EngineService, config_dir: Path) -> None:
        self._service = service
        self._config_dir = config_dir
        self._local: Engine = service.engine
        self.server: ServerConfig | None = None

    def use_server(self, config: ServerConfig) -> None:
        """Send requests to ``config``'s model; the local engine stops."""
        key = read_token(api_key_file(self._config_dir, config.url))
        self._service.replace_engine(RemoteEngine(config, key))
        self.server = config
        log.info("the assistant uses %s on %s", config.model, config.base_url)

    def use_local(self) -> None:
        """Back to the local engine (its process starts with the next request)."""
        if self.server is None:
            return
        self._service.replace_engine(self._local)
        self.server = None
        log.info("the assistant uses the local model")
