"""llama-cpp-python loads llama.cpp's libraries with ctypes from ``llama_cpp/lib``.

PyInstaller cannot see a ctypes load, so without this hook the frozen app fails with
"Shared library with base name 'llama' not found". Every library in that folder is
collected to the same place, including the backends a dynamic-backend build loads at
run time (``ggml-cpu-<variant>``, ``ggml-cuda``, ``ggml-vulkan``), which nothing links.
A wheel holds each Linux library three times (``libllama.so``, ``.so.0``, ``.so.0.5.0``,
as copies: wheels have no symbolic links); only the name ctypes loads is taken, and
PyInstaller adds the versioned ones that other libraries link.
"""

from pathlib import Path

from PyInstaller.utils.hooks import get_package_paths

_, package = get_package_paths("llama_cpp")
_SUFFIXES = (".so", ".dylib", ".dll", ".metal")
binaries = [
    (str(path), "llama_cpp/lib")
    for path in sorted(Path(package, "lib").iterdir())
    if path.is_file() and path.suffix in _SUFFIXES
]
# The HTTP server and the multimodal helpers are not used by writer-app.
excludedimports = ["llama_cpp.server", "llama_cpp.mtmd_cpp", "llama_cpp.llava_cpp"]
