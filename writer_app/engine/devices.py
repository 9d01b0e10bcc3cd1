"""ggml's backend registry through ctypes: which backends and devices llama.cpp has.

llama-cpp-python binds llama.h only, so the few registry functions of ggml-backend.h
used here are declared here. They must come from the ggml that libllama itself links:
wheels hold ``libggml.so`` and ``libggml.so.0`` as two files, and ``llama_cpp._ggml``
loads the other one, a second ggml with a registry of its own. Runs in the engine
process.

Builds with dynamically loaded backends (``GGML_BACKEND_DL``, as the installers use, so
one bundle picks the CPU variant that suits the processor at start-up) register nothing
until asked: ``load_backends`` loads them from llama-cpp-python's library folder before
anything else touches llama.cpp.
"""

from __future__ import annotations

import ctypes
from functools import cache
from pathlib import Path
from typing import Any

import llama_cpp.llama_cpp as llama_c

from writer_app.core.models.hardware import Device, DeviceKind, Hardware

_p, _size, _str = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p


class _Feature(ctypes.Structure):
    _fields_ = (("name", _str), ("value", _str))


_get_features_t = ctypes.CFUNCTYPE(ctypes.POINTER(_Feature), _p)


def _linked_ggml() -> Any:
    """The ggml library libllama uses: symbols looked up through libllama's handle are
    found in its dependencies (Linux, macOS); a Windows DLL exports only its own, and
    there ``ggml.dll`` is a single file that both load."""
    library = llama_c._lib
    try:
        library.ggml_backend_reg_count  # noqa: B018 - is it reachable this way?
    except AttributeError:
        from llama_cpp._ggml import libggml

        return libggml
    return library


@cache
def _ggml() -> Any:
    libggml = _linked_ggml()
    signatures: dict[str, tuple[Any, list[Any]]] = {
        "ggml_backend_reg_count": (_size, []),
        "ggml_backend_reg_get": (_p, [_size]),
        "ggml_backend_reg_name": (_str, [_p]),
        "ggml_backend_reg_get_proc_address": (_p, [_p, _str]),
        "ggml_backend_dev_count": (_size, []),
        "ggml_backend_dev_get": (_p, [_size]),
        "ggml_backend_dev_name": (_str, [_p]),
        "ggml_backend_dev_description": (_str, [_p]),
        "ggml_backend_dev_memory": (None, [_p, ctypes.POINTER(_size), ctypes.POINTER(_size)]),
        "ggml_backend_dev_type": (ctypes.c_int, [_p]),
        "ggml_backend_dev_backend_reg": (_p, [_p]),
        "ggml_backend_load_all_from_path": (None, [_str]),
    }
    for name, (restype, argtypes) in signatures.items():
        function = getattr(libggml, name)
        function.restype, function.argtypes = restype, argtypes
    return libggml


def library_folder() -> Path:
    """The folder of the llama library llama-cpp-python loaded (and its backends)."""
    return Path(llama_c._lib._name).resolve().parent


def load_backends() -> None:
    """Register the backends of a dynamic-backend build; a no-op for linked builds."""
    ggml = _ggml()
    if ggml.ggml_backend_reg_count() == 0:
        ggml.ggml_backend_load_all_from_path(str(library_folder()).encode())


def _text(value: bytes | None) -> str:
    return value.decode("utf-8", errors="replace") if value else ""


def _cpu_features(ggml: Any, reg: int) -> tuple[str, ...]:
    address = ggml.ggml_backend_reg_get_proc_address(reg, b"ggml_backend_get_features")
    if not address:
        return ()
    features = _get_features_t(address)(reg)
    found = []
    index = 0
    while features[index].name:
        name, value = _text(features[index].name), _text(features[index].value)
        if value == "1":
            found.append(name)
        elif value not in ("", "0"):
            found.append(f"{name} {value}")
        index += 1
    return tuple(found)


def read_hardware() -> Hardware:
    """The backends, devices (with their free memory now) and CPU features."""
    ggml = _ggml()
    backends = tuple(_text(ggml.ggml_backend_reg_name(ggml.ggml_backend_reg_get(i)))
                     for i in range(ggml.ggml_backend_reg_count()))
    devices: list[Device] = []
    features: tuple[str, ...] = ()
    for index in range(ggml.ggml_backend_dev_count()):
        device = ggml.ggml_backend_dev_get(index)
        free, total = _size(0), _size(0)
        ggml.ggml_backend_dev_memory(device, ctypes.byref(free), ctypes.byref(total))
        kind_value = ggml.ggml_backend_dev_type(device)
        kind = (DeviceKind(kind_value) if kind_value in {k.value for k in DeviceKind}
                else DeviceKind.ACCEL)
        reg = ggml.ggml_backend_dev_backend_reg(device)
        if kind is DeviceKind.CPU:
            features = _cpu_features(ggml, reg)
        devices.append(Device(
            backend=_text(ggml.ggml_backend_reg_name(reg)),
            name=_text(ggml.ggml_backend_dev_name(device)),
            description=_text(ggml.ggml_backend_dev_description(device)),
            kind=kind, memory_free=free.value, memory_total=total.value,
        ))
    return Hardware(backends=backends, devices=tuple(devices), cpu_features=features)
