#!/usr/bin/env bash
# Build writer-app.app and a .dmg on macOS 13+ on Apple silicon, with llama.cpp on Metal.
#
#   bash packaging/macos/build.sh
#
# Unsigned by default (fine on the machine that built it). To ship it:
#   CODESIGN_IDENTITY="Developer ID Application: NAME (TEAMID)"  signs every binary inside
#     out with the hardened runtime and entitlements.plist, then the app and the .dmg;
#   NOTARY_PROFILE=writer-app  also notarizes the .dmg and staples the ticket. Create the
#     profile once: xcrun notarytool store-credentials writer-app --apple-id ... --team-id ...
#
# Needs Xcode's command-line tools (clang, codesign, hdiutil, iconutil), cmake and Python
# 3.10+ from python.org or Homebrew. Output: packaging/dist/writer-app-VERSION-macos-arm64.dmg
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(uname -s)" = Darwin ] || { echo "packaging/macos/build.sh runs on macOS only" >&2; exit 2; }

# bundle.py builds llama-cpp-python with Metal (GGML_METAL, the shader library embedded),
# freezes the spec (which makes the .app) and runs the .app's self-test.
python3 packaging/bundle.py --variant metal

version="$(PYTHONPATH=. python3 -c 'import writer_app; print(writer_app.__version__)')"
app="packaging/build/metal/dist/writer-app.app"
entitlements="packaging/macos/entitlements.plist"
out=packaging/dist
mkdir -p "$out"

sign() {
  codesign --force --timestamp --options runtime --entitlements "$entitlements" \
    --sign "$CODESIGN_IDENTITY" "$@"
}
if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  # Inside out: every library and plug-in first, then the executable, then the app.
  find "$app/Contents" -type f \( -name "*.dylib" -o -name "*.so" -o -perm -u+x \) \
    ! -path "*/MacOS/writer-app" -print0 | while IFS= read -r -d '' binary; do
      if file "$binary" | grep -q "Mach-O"; then sign "$binary"; fi
    done
  sign "$app/Contents/MacOS/writer-app"
  sign "$app"
  codesign --verify --deep --strict --verbose=2 "$app"
  # The signed app must still run its engine (ctypes callbacks under the hardened runtime).
  QT_QPA_PLATFORM=offscreen "$app/Contents/MacOS/writer-app" --self-test
fi

staging="packaging/build/metal/dmg"
rm -rf "$staging" && mkdir -p "$staging"
cp -R "$app" "$staging/"
ln -s /Applications "$staging/Applications"
dmg="$out/writer-app-$version-macos-arm64.dmg"
rm -f "$dmg"
hdiutil create -volname "writer-app $version" -srcfolder "$staging" -fs HFS+ \
  -format UDZO -ov "$dmg"

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$CODESIGN_IDENTITY" "$dmg"
  if [ -n "${NOTARY_PROFILE:-}" ]; then
    xcrun notarytool submit "$dmg" --keychain-profile "$NOTARY_PROFILE" --wait
    xcrun stapler staple "$dmg"
    spctl --assess --type open --context context:primary-signature --verbose "$dmg"
  fi
fi
echo "writer-app: $dmg ($(du -h "$dmg" | cut -f1))"
