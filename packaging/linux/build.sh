#!/usr/bin/env bash
# Build writer-app for Linux: the bundle (checked by its self-test), a .tar.xz and a .deb.
#
#   bash packaging/linux/build.sh            # CPU build, runs on any x86-64 CPU
#   VARIANT=vulkan bash packaging/linux/build.sh
#
# Needs Python 3.10+ with venv, gcc/g++, cmake (pip installs it if missing) and dpkg-deb.
# Output: packaging/dist/writer-app-VERSION-linux-x86_64[-VARIANT].tar.xz and
#         packaging/dist/writer-app[-VARIANT]_VERSION_amd64.deb
set -euo pipefail
cd "$(dirname "$0")/../.."
variant="${VARIANT:-cpu}"
python3 packaging/bundle.py --variant "$variant" ${SKIP_SELF_TEST:+--skip-self-test}

# The same llama.cpp on an emulated CPU without AVX (qemu-user, when installed): ggml
# must pick its SSE4.2 variant, where a native build stops on an illegal instruction.
if command -v qemu-x86_64 >/dev/null && [ "$variant" = cpu ]; then
  qemu-x86_64 -cpu Westmere "packaging/build/$variant/venv/bin/python" \
    packaging/cpu_check.py "packaging/build/$variant/self-test.gguf"
fi

version="$(PYTHONPATH=. python3 -c 'import writer_app; print(writer_app.__version__)')"
app_id=org.writer_app.WriterApp
bundle="packaging/build/$variant/dist/writer-app"
icons="packaging/build/$variant/icons"
suffix=$([ "$variant" = cpu ] && echo "" || echo "-$variant")
out=packaging/dist
mkdir -p "$out"

# .tar.xz: the bundle folder, with the desktop entry and icon to install by hand. xz at
# its strongest makes it a third smaller than gzip; every desktop's archive tool opens it.
cp resources/linux/$app_id.desktop resources/icons/$app_id.svg "$bundle/"
tarball="$out/writer-app-$version-linux-x86_64$suffix.tar.xz"
tar -C "$(dirname "$bundle")" -cf - writer-app | xz -9e -T1 > "$tarball"
echo "writer-app: $tarball ($(du -h "$tarball" | cut -f1))"
# The CPU download is held to 80 MB (docs/INSTALL.md, "What the Linux bundle weighs"):
# a bundle that grows past it fails here rather than in a user's download.
if [ "$variant" = cpu ] && [ "$(stat -c %s "$tarball")" -gt 80000000 ]; then
  echo "writer-app: $tarball is over 80 MB: see what grew in the bundle" >&2
  exit 1
fi

# .deb: the bundle in /opt, a command in /usr/bin, and what desktops look for.
root="packaging/build/$variant/deb"
rm -rf "$root"
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
         "$root/usr/share/metainfo" "$root/usr/share/icons/hicolor/scalable/apps"
cp -a "$bundle" "$root/opt/writer-app"
ln -s /opt/writer-app/writer-app "$root/usr/bin/writer-app"
install -m 644 resources/linux/$app_id.desktop "$root/usr/share/applications/"
install -m 644 resources/linux/$app_id.metainfo.xml "$root/usr/share/metainfo/"
install -m 644 resources/icons/$app_id.svg "$root/usr/share/icons/hicolor/scalable/apps/"
for png in "$icons"/*.png; do
  size="$(basename "$png" .png)"
  mkdir -p "$root/usr/share/icons/hicolor/${size}x${size}/apps"
  install -m 644 "$png" "$root/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png"
done
package=$([ "$variant" = cpu ] && echo writer-app || echo "writer-app-$variant")
cat > "$root/DEBIAN/control" <<CONTROL
Package: $package
Version: $version
Architecture: amd64
Maintainer: writer-app team <team@writer-app.invalid>
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: libc6 (>= 2.36), libegl1, libgl1, libfontconfig1, libxkbcommon0, libxkbcommon-x11-0, libdbus-1-3, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-image0, libxcb-render-util0, libxcb-shape0, libxcb-xinerama0, libxcb-randr0, libxcb-xkb1, libenchant-2-2
Recommends: fonts-noto-cjk, libcups2, hunspell-en-us | hunspell-dictionary
Conflicts: $( [ "$variant" = cpu ] && echo "writer-app-cuda, writer-app-vulkan" || echo writer-app )
Section: editors
Priority: optional
Description: private writing assistant with a local language model
 writer-app is a text editor that continues, summarizes and rewrites your
 writing with a language model running on your own computer (llama.cpp).
 The model is downloaded once from the Hugging Face Hub; after that nothing
 you write leaves the computer. English and Chinese.
CONTROL
deb="$out/${package}_${version}_amd64.deb"
dpkg-deb --root-owner-group -Zxz -z9 -Sextreme --build "$root" "$deb" >/dev/null
echo "writer-app: $deb ($(du -h "$deb" | cut -f1))"
