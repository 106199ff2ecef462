#!/usr/bin/env bash
# Builds the Linux bundle (PyInstaller one-folder), then a .tar.gz and a .deb of it, into build/dist.
# Usage: packaging/build_linux.sh   (from a clean clone; needs uv, and dpkg-deb for the .deb)
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=$(uv run python -c "from importlib.metadata import version; print(version('clausedesk'))")
ARCH=$(dpkg --print-architecture 2>/dev/null || echo amd64)
DIST=build/dist
rm -rf "$DIST/ClauseDesk" build/work
uv run pyinstaller --noconfirm --log-level WARN --distpath "$DIST" --workpath build/work packaging/clausedesk.spec

# Plain archive of the bundle.
tar -C "$DIST" -czf "$DIST/clausedesk-$VERSION-linux-$ARCH.tar.gz" ClauseDesk

# Debian package: the bundle in /opt/clausedesk, a launcher on the PATH, a desktop entry and an icon.
if command -v dpkg-deb >/dev/null 2>&1; then
  ROOT=build/deb/clausedesk_${VERSION}_${ARCH}
  rm -rf "$ROOT"
  mkdir -p "$ROOT/DEBIAN" "$ROOT/opt" "$ROOT/usr/bin" "$ROOT/usr/share/applications" \
           "$ROOT/usr/share/icons/hicolor/256x256/apps" "$ROOT/usr/share/doc/clausedesk"
  cp -a "$DIST/ClauseDesk" "$ROOT/opt/clausedesk"
  install -m 0755 packaging/linux/clausedesk-launcher.sh "$ROOT/usr/bin/clausedesk"
  install -m 0644 packaging/linux/clausedesk.desktop "$ROOT/usr/share/applications/clausedesk.desktop"
  install -m 0644 clausedesk/resources/icons/clausedesk-256.png "$ROOT/usr/share/icons/hicolor/256x256/apps/clausedesk.png"
  uv run python -c "from clausedesk.licences import notices_text; print(notices_text())" \
    > "$ROOT/usr/share/doc/clausedesk/copyright"
  SIZE=$(du -sk "$ROOT" | cut -f1)
  cat > "$ROOT/DEBIAN/control" <<CONTROL
Package: clausedesk
Version: $VERSION
Architecture: $ARCH
Maintainer: ClauseDesk <contact@clausedesk.invalid>
Installed-Size: $SIZE
Depends: libc6, libgl1, libegl1, libxkbcommon0, libfontconfig1, libdbus-1-3, libglib2.0-0
Section: misc
Priority: optional
Description: Suivi des clauses sociales d'insertion dans les marchés publics
 ClauseDesk est le poste de travail des facilitateurs des clauses sociales :
 marchés, entreprises, participants, heures d'insertion, tableaux de bord et
 paquet mensuel signé pour le coordinateur départemental. Hors ligne.
CONTROL
  # The user's data (in ~/.local/share/ClauseDesk) is never touched by install or removal.
  find "$ROOT" -type d -exec chmod 0755 {} +
  dpkg-deb --root-owner-group --build "$ROOT" "$DIST/clausedesk_${VERSION}_${ARCH}.deb" >/dev/null
fi
du -sh "$DIST/ClauseDesk" "$DIST"/*.tar.gz "$DIST"/*.deb 2>/dev/null
