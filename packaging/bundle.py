"""Build the writer-app bundle (PyInstaller, one folder) and check it with its self-test.

    python3 packaging/bundle.py --variant cpu        # Linux/Windows x86-64, any CPU
    python3 packaging/bundle.py --variant cuda       # NVIDIA (CUDA toolkit needed)
    python3 packaging/bundle.py --variant vulkan     # AMD/Intel/NVIDIA (Vulkan SDK needed)
    python3 packaging/bundle.py --variant metal      # macOS on Apple silicon

Everything happens under packaging/build/<variant>/: a virtual environment, llama-cpp-
python compiled from its PyPI source with the variant's CMake options (the wheel and the
backend libraries are kept, so a second run skips the compile), the icons, the tiny
self-test model and the bundle itself in packaging/build/<variant>/dist/writer-app.
The llama-cpp-python wheel (packaging/build/<variant>/cache/) is complete on its own:
CI installs the same one in the test environment, so the tests run the shipped llama.cpp.

x86-64 variants build llama.cpp with its backends as dynamic libraries and every CPU
variant (GGML_BACKEND_DL, GGML_CPU_ALL_VARIANTS): at start-up ggml loads the one that
suits the processor, so one bundle runs on CPUs with or without AVX2 or AVX-512.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import platform
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYINSTALLER = "pyinstaller==6.22.3"
_DYNAMIC_X86 = ["-DGGML_BACKEND_DL=ON", "-DGGML_CPU_ALL_VARIANTS=ON", "-DGGML_NATIVE=OFF"]
CMAKE_ARGS = {
    "cpu": _DYNAMIC_X86,
    "cuda": [*_DYNAMIC_X86, "-DGGML_CUDA=ON", "-DCMAKE_CUDA_ARCHITECTURES=75;80;86;89;90"],
    "vulkan": [*_DYNAMIC_X86, "-DGGML_VULKAN=ON"],
    "metal": ["-DGGML_METAL=ON", "-DGGML_METAL_EMBED_LIBRARY=ON", "-DGGML_NATIVE=OFF"],
}
# Multimodal (mtmd) is not used by writer-app: not building it saves minutes.
COMMON_CMAKE_ARGS = ["-DLLAVA_BUILD=OFF"]
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
# A macOS .icns holds each of these sizes and its double (for Retina screens).
MAC_ICON_SIZES = (16, 32, 128, 256, 512)


def _run(*command: str | Path, env: dict[str, str] | None = None,
         cwd: Path | None = None) -> None:
    print("+", " ".join(str(part) for part in command), flush=True)
    subprocess.run([str(part) for part in command], check=True, env=env, cwd=cwd)


def _python(env_dir: Path) -> Path:
    scripts = "Scripts" if sys.platform == "win32" else "bin"
    return env_dir / scripts / ("python.exe" if sys.platform == "win32" else "python")


def llama_version() -> str:
    """The llama-cpp-python version pyproject.toml asks for (its lower bound)."""
    for line in (ROOT / "pyproject.toml").read_text(encoding="utf-8").splitlines():
        if '"llama-cpp-python>=' in line:
            return line.split(">=")[1].split(",")[0].strip('",')
    raise SystemExit("pyproject.toml does not name a llama-cpp-python version")


def build_llama(python: Path, variant: str, cache: Path) -> Path:
    """Compile llama-cpp-python for ``variant`` once; returns the wheel.

    The wheel is made whole first (``relocate_backends``), so installing it with pip, in
    the bundle's environment or any other, gives a llama.cpp that finds its backends.
    """
    version = llama_version()
    folder = cache / f"llama-cpp-python-{version}"
    wheels = sorted(folder.glob("*.whl"))
    if wheels:
        return wheels[0]
    shutil.rmtree(folder, ignore_errors=True)
    env = dict(os.environ)
    env["CMAKE_ARGS"] = " ".join([*CMAKE_ARGS[variant], *COMMON_CMAKE_ARGS])
    env.setdefault("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 2))
    _run(python, "-m", "pip", "wheel", "--no-deps", "--no-cache-dir", "--no-binary",
         "llama-cpp-python", f"llama-cpp-python=={version}", "-w", folder / "raw", env=env)
    raw = next((folder / "raw").glob("*.whl"))
    wheel = relocate_backends(raw, folder / raw.name)
    shutil.rmtree(folder / "raw")
    return wheel


def relocate_backends(source: Path, target: Path) -> Path:
    """Move the backend libraries of a dynamic-backend build into ``llama_cpp/lib``.

    llama.cpp installs backends built as modules (``ggml-cpu-haswell``, ``ggml-cuda``, ...)
    to its ``bin`` folder, which ends up at the top of site-packages, where nothing looks
    for them; the engine loads them from beside libllama. RECORD is written anew.
    """
    records = []
    with zipfile.ZipFile(source) as old, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for entry in old.infolist():
            name = entry.filename
            if name.endswith(".dist-info/RECORD"):
                record_name = name
                continue
            data = old.read(entry)
            if name.startswith("bin/") and "ggml-" in name and \
                    name.endswith((".so", ".dll", ".dylib")):
                name = "llama_cpp/lib/" + name.removeprefix("bin/")
            info = zipfile.ZipInfo(name, entry.date_time)
            info.external_attr = entry.external_attr
            new.writestr(info, data, zipfile.ZIP_DEFLATED)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            records.append(f"{name},sha256={digest.decode()},{len(data)}")
        new.writestr(record_name, "\n".join([*records, f"{record_name},,"]) + "\n")
    return target


def install(python: Path, wheel: Path) -> None:
    """writer-app's dependencies, this llama-cpp-python build, PyInstaller and gguf."""
    _run(python, "-m", "pip", "install", "-q", "--upgrade", "pip")
    _run(python, "-m", "pip", "install", "-q", "--force-reinstall", "--no-deps", wheel)
    # gguf writes the self-test model at build time; the spec keeps it out of the bundle.
    _run(python, "-m", "pip", "install", "-q", ROOT, PYINSTALLER, "gguf>=0.17")


def prepare_assets(python: Path, build: Path) -> None:
    """Icons rendered from the SVG, the tiny model the self-test loads, and the
    translations compiled from resources/translations."""
    icons = build / "icons"
    icons.mkdir(parents=True, exist_ok=True)
    _run(python, ROOT / "packaging" / "icons.py", icons, *map(str, ICON_SIZES),
         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    _run(python, "-c", "import sys, pathlib; "
                       "from writer_app.testing.tiny_model import write_tiny_model; "
                       "write_tiny_model(pathlib.Path(sys.argv[1]))",
         build / "self-test.gguf", cwd=ROOT)
    _run(python, ROOT / "packaging" / "translations.py", "release",
         "--target", build / "translations")
    if sys.platform == "darwin":
        iconset = build / "writer-app.iconset"
        iconset.mkdir(exist_ok=True)
        for size in MAC_ICON_SIZES:
            shutil.copy2(icons / f"{size}.png", iconset / f"icon_{size}x{size}.png")
            shutil.copy2(icons / f"{size * 2}.png", iconset / f"icon_{size}x{size}@2x.png")
        _run("iconutil", "-c", "icns", iconset, "-o", build / "writer-app.icns")
    if sys.platform == "win32":
        # One .ico with every size, for the .exe and the installer: each rendered from the
        # SVG at its own size, not shrunk from the largest, so small ones stay sharp.
        _run(python, "-m", "pip", "install", "-q", "pillow")
        _run(python, "-c", "import sys; from PIL import Image; "
                           "images = [Image.open(f'{sys.argv[1]}/{s}.png') for s in "
                           "(256, 128, 64, 48, 32, 24, 16)]; "
                           "images[0].save(sys.argv[2], sizes=[i.size for i in images], "
                           "append_images=images[1:])",
             icons, build / "writer-app.ico")


def windows_runtimes(variant: str, bundle: Path) -> None:
    """DLLs that llama.cpp's Windows libraries load but PyInstaller does not see.

    ggml's CPU backends (loaded at run time) link MSVC's OpenMP, vcomp140.dll, which is
    not part of Windows; the CUDA backend needs the CUDA runtime and cuBLAS.
    """
    lib = bundle / "_internal" / "llama_cpp" / "lib"
    redist = Path(os.environ.get("VCTOOLSREDISTDIR", "missing"))
    found = [*redist.glob("x64/Microsoft.VC*.OpenMP/vcomp140.dll"),
             Path(os.environ.get("SYSTEMROOT", r"C:\Windows"), "System32", "vcomp140.dll")]
    openmp = next((path for path in found if path.is_file()), None)
    if openmp is None:
        raise SystemExit("vcomp140.dll not found: run from a Visual Studio developer shell")
    shutil.copy2(openmp, lib)
    if variant == "cuda":
        cuda = Path(os.environ["CUDA_PATH"])
        for pattern in ("cudart64_*.dll", "cublas64_*.dll", "cublasLt64_*.dll"):
            for dll in [*cuda.glob(f"bin/{pattern}"), *cuda.glob(f"bin/x64/{pattern}")]:
                shutil.copy2(dll, lib)


def freeze(python: Path, build: Path) -> Path:
    """Run PyInstaller on the shared spec; returns the bundle folder."""
    dist = build / "dist"
    _run(python, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", dist, "--workpath", build / "pyinstaller",
         ROOT / "packaging" / "writer-app.spec",
         env={**os.environ, "WRITER_APP_BUILD": str(build)})
    return dist / "writer-app"


def executable(bundle: Path) -> Path:
    """The app's executable inside the bundle (or inside the .app on macOS)."""
    if sys.platform == "darwin":
        return bundle.parent / "writer-app.app" / "Contents" / "MacOS" / "writer-app"
    return bundle / ("writer-app.exe" if sys.platform == "win32" else "writer-app")


def self_test(program: Path) -> None:
    """The frozen app loads the bundled tiny model in its engine process and streams."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONPATH", None)
    _run(program, "--self-test", env=env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variant", choices=sorted(CMAKE_ARGS), default="cpu")
    parser.add_argument("--skip-self-test", action="store_true",
                        help="for a GPU variant built on a machine without that GPU's "
                             "runtime (the self-test needs the libraries it links)")
    args = parser.parse_args()
    build = ROOT / "packaging" / "build" / args.variant
    env_dir = build / "venv"
    if not _python(env_dir).exists():
        venv.create(env_dir, with_pip=True)
    python = _python(env_dir)
    print(f"writer-app bundle: {args.variant} on {platform.system()} {platform.machine()}")
    install(python, build_llama(python, args.variant, build / "cache"))
    prepare_assets(python, build)
    bundle = freeze(python, build)
    if sys.platform == "win32":
        windows_runtimes(args.variant, bundle)
    if not args.skip_self_test:
        self_test(executable(bundle))
    print(f"writer-app bundle: {bundle}")


if __name__ == "__main__":
    main()
