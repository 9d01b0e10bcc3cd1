"""Model ▸ Servers…: inference servers to draft with, and a test of each connection.

A server is an address (http or https), a name, an optional API key and an optional CA
file. "Test Connection" asks the server for its models on a worker thread and says plainly
what failed when it fails; choosing one of its models makes it the engine. The API key
goes to its own owner-only file when the server is saved, never into the settings.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.i18n import message_of
from writer_app.core.settings import read_token, write_token
from writer_app.core.sources.server_api import list_models
from writer_app.core.sources.servers import ServerConfig, api_key_file, check_url
from writer_app.qt.jobs import FunctionJob, call_in_thread
from writer_app.ui.common.core_text import translated
from writer_app.ui.common.places import documents_folder
from writer_app.ui.common.theme import status_colours


class ServersDialog(QDialog):
    """Add, edit, test and remove servers; ``server_chosen`` carries the one to use.

    ``local_chosen`` asks for the local model again. ``servers()`` is the edited list.
    """

    server_chosen = Signal(object)
    local_chosen = Signal()

    def __init__(self, servers: tuple[ServerConfig, ...], config_dir: Path, *,
                 active: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Servers"))
        self._servers = list(servers)
        self._config_dir = config_dir
        self._row = -1
        self._test: FunctionJob | None = None
        self._tested = ServerConfig()
        self._build()
        self.list.addItems([server.label or server.url for server in self._servers])
        active_row = next((row for row, server in enumerate(self._servers)
                           if server.url == active), 0)
        if self._servers:
            self.list.setCurrentRow(active_row)
        self._update_buttons()
        self.resize(760, 460)

    def _build(self) -> None:
        columns = QHBoxLayout()
        columns.addLayout(self._build_list(), 2)
        columns.addLayout(self._build_server(), 5)
        note = QLabel(self.tr(
            "While a server model is in use, your text is sent to that server, and to no "
            "other. Use https for a server that is not on your own network."), self)
        note.setWordWrap(True)
        bottom = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.local_button = bottom.addButton(self.tr("Use the &Local Model"),
                                             QDialogButtonBox.ButtonRole.ResetRole)
        self.local_button.clicked.connect(self._on_local_button_clicked)
        bottom.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(note)
        layout.addWidget(bottom)

    def _build_list(self) -> QVBoxLayout:
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Servers"))
        self.list.currentRowChanged.connect(self._on_list_current_row_changed)
        self.add_button = QPushButton(self.tr("&Add"), self)
        self.add_button.clicked.connect(self.add_server)
        self.remove_button = QPushButton(self.tr("&Remove"), self)
        self.remove_button.clicked.connect(self.remove_server)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addLayout(buttons)
        return left

    def _build_form(self) -> QFormLayout:
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText(self.tr("GPU box"))
        self.url_edit = QLineEdit(self)
        self.url_edit.setPlaceholderText("http://gpu-box.local:8080")
        self.key_edit = QLineEdit(self)
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText(self.tr("none"))
        self.ca_edit = QLineEdit(self)
        self.ca_edit.setPlaceholderText(self.tr("the usual certificate authorities"))
        browse = QPushButton(self.tr("&Browse…"), self)
        browse.clicked.connect(self._on_browse_clicked)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_edit, 1)
        ca_row.addWidget(browse)
        self.name_edit.editingFinished.connect(self._commit)
        self.url_edit.editingFinished.connect(self._commit)
        form = QFormLayout()
        form.addRow(self.tr("&Name:"), self.name_edit)
        form.addRow(self.tr("A&ddress:"), self.url_edit)
        form.addRow(self.tr("API &key:"), self.key_edit)
        ca_label = QLabel(self.tr("&CA file:"), self)
        ca_label.setBuddy(self.ca_edit)
        form.addRow(ca_label, ca_row)
        return form

    def _build_server(self) -> QVBoxLayout:
        self.test_button = QPushButton(self.tr("&Test Connection"), self)
        self.test_button.clicked.connect(self.test_connection)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.models = QListWidget(self)
        self.models.setAccessibleName(self.tr("Models on the server"))
        self.models.currentRowChanged.connect(self._update_buttons)
        self.models.itemDoubleClicked.connect(self.use_selected_model)
        self.use_button = QPushButton(self.tr("&Use This Model"), self)
        self.use_button.clicked.connect(self.use_selected_model)
        right = QVBoxLayout()
        right.addLayout(self._build_form())
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)
        right.addLayout(test_row)
        right.addWidget(self.status_label)
        right.addWidget(QLabel(self.tr("Models on this server:"), self))
        right.addWidget(self.models, 1)
        use_row = QHBoxLayout()
        use_row.addStretch(1)
        use_row.addWidget(self.use_button)
        right.addLayout(use_row)
        return right

    # The list ---------------------------------------------------------------------------

    def servers(self) -> tuple[ServerConfig, ...]:
        """The servers as edited (the one being edited included)."""
        self._commit()
        return tuple(self._servers)

    @Slot()
    def add_server(self) -> None:
        self._commit()
        self._servers.append(ServerConfig())
        self.list.addItem(self.tr("New server"))
        self.list.setCurrentRow(len(self._servers) - 1)
        self.url_edit.setFocus()

    @Slot()
    def remove_server(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        removed = self._servers.pop(row)
        if removed.url:
            write_token(api_key_file(self._config_dir, removed.url), "")
        self._row = -1
        self.list.takeItem(row)
        self._update_buttons()

    @Slot(int)
    def _on_list_current_row_changed(self, row: int) -> None:
        self._commit()
        self._row = row
        server = self._servers[row] if 0 <= row < len(self._servers) else ServerConfig()
        self.name_edit.setText(server.name)
        self.url_edit.setText(server.url)
        self.key_edit.setText(read_token(api_key_file(self._config_dir, server.url))
                              if server.url else "")
        self.ca_edit.setText(server.ca_file)
        self.models.clear()
        self._abandon_test()
        self.status_label.clear()
        self._update_buttons()

    def _form(self) -> ServerConfig:
        current = self._servers[self._row]
        return dataclasses.replace(current, name=self.name_edit.text().strip(),
                                   url=self.url_edit.text().strip(),
                                   ca_file=self.ca_edit.text().strip())

    @Slot()
    def _commit(self) -> None:
        """Keep what the form says about the current server; its key goes to its file."""
        if not 0 <= self._row < len(self._servers):
            return
        server = self._form()
        old = self._servers[self._row]
        if old.url and old.url != server.url:
            write_token(api_key_file(self._config_dir, old.url), "")
        if server.url:
            write_token(api_key_file(self._config_dir, server.url), self.key_edit.text().strip())
        self._servers[self._row] = server
        item = self.list.item(self._row)
        if item is not None:
            item.setText(server.label or self.tr("New server"))

    @Slot()
    def _on_browse_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Certificate Authority"), str(documents_folder()),
            self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"))
        if name:
            self.ca_edit.setText(name)
            self._commit()

    # Testing and choosing -----------------------------------------------------------

    @Slot()
    def test_connection(self) -> None:
        """List the server's models on a worker thread; the result shows in the dialog."""
        if not 0 <= self._row < len(self._servers):
            return
        self._commit()
        server = self._servers[self._row]
        try:
            check_url(server.url)
        except ValueError as exc:
            self._show_status(translated(message_of(exc)), ok=False)
            return
        key = self.key_edit.text().strip()
        self._abandon_test()
        self.models.clear()
        self.test_button.setEnabled(False)
        self._show_status(self.tr("Connecting to {host}…").format(host=server.host), ok=None)
        self._tested = server
        self._test = call_in_thread(lambda: list_models(server, key), "server test",
                                    failure=self.tr("The connection test failed"))
        self._test.returned.connect(self._on_test_returned)
        self._test.failed.connect(self._on_test_failed)
        self._test.finished.connect(self._on_test_finished)

    def _abandon_test(self) -> None:
        """Show nothing more of the test under way (its server is no longer shown)."""
        if self._test is not None:
            self._test.abandon()
            self._test = None

    @Slot(object)
    def _on_test_returned(self, models: list[str]) -> None:
        host, port = self._tested.address
        text = (self.tr("Connected to {host}:{port}: 1 model. Choose one to use it.")
                if len(models) == 1 else
                self.tr("Connected to {host}:{port}: {count} models. Choose one to use it."))
        self._show_status(text.format(host=host, port=port, count=len(models)), ok=True)
        self.models.addItems(models)
        if models:
            self.models.setCurrentRow(models.index(self._tested.model)
                                      if self._tested.model in models else 0)

    @Slot(object)
    def _on_test_failed(self, message: str) -> None:
        self._show_status(self.tr("Could not connect. {reason}").format(
            reason=translated(message)), ok=False)

    @Slot()
    def _on_test_finished(self) -> None:
        self._test = None
        self._update_buttons()

    def _show_status(self, text: str, ok: bool | None) -> None:
        good, bad = status_colours(self)
        colour = "" if ok is None else f"color: {good if ok else bad};"
        self.status_label.setStyleSheet(colour)
        self.status_label.setText(text)

    def is_testing(self) -> bool:
        return self._test is not None

    @Slot()
    def use_selected_model(self) -> None:
        item = self.models.currentItem()
        if item is None or not 0 <= self._row < len(self._servers):
            return
        self._commit()
        server = dataclasses.replace(self._servers[self._row], model=item.text())
        self._servers[self._row] = server
        self.server_chosen.emit(server)
        self.accept()

    @Slot()
    def _on_local_button_clicked(self) -> None:
        self.local_chosen.emit()
        self.accept()

    @Slot()
    def _update_buttons(self) -> None:
        editing = 0 <= self.list.currentRow() < len(self._servers)
        for widget in (self.name_edit, self.url_edit, self.key_edit, self.ca_edit,
                       self.test_button, self.remove_button):
            widget.setEnabled(editing)
        self.use_button.setEnabled(self.models.currentItem() is not None)
