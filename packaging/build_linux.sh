#!/usr/bin/env bash
# Builds the Linux bundle (PyInstaller one-folder, one stripped `clausedesk` executable), then a .tar.gz
# and a .deb of it, into build/dist. Prints how long each step took.
# Usage: packaging/build_linux.sh   (from a clean clone; needs uv, and dpkg-deb for the .deb)
#   DEB_COMPRESSION=zstd|gzip|xz (default zstd: seconds where xz took minutes, smaller than gzip, and read
#   by the dpkg of every supported system, Debian 12 and Ubuntu 22.04 on), DEB_LEVEL (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
VERSION=$(uv run python -c "from importlib.metadata import version; print(version('clausedesk'))")
ARCH=$(dpkg --print-architecture 2>/dev/null || echo amd64)
DIST=build/dist
APP_ID=org.clausedesk.ClauseDesk
DEB_COMPRESSION=${DEB_COMPRESSION:-zstd}
DEB_LEVEL=${DEB_LEVEL:-3}
timed() {  # timed LABEL COMMAND...: runs it and prints its wall time
  local label=$1 start end; shift
  start=$(date +%s%N); "$@"; end=$(date +%s%N)
  printf 'temps %-28s %6.1f s\n' "$label" "$(( (end - start) / 1000000 ))e-3"
}
rm -rf "$DIST/ClauseDesk" build/work

timed "PyInstaller" uv run pyinstaller --noconfirm --log-level WARN --distpath "$DIST" --workpath build/work \
  packaging/clausedesk.spec
# Plain archive of the bundle.
timed "archive .tar.gz" tar -C "$DIST" -czf "$DIST/clausedesk-$VERSION-linux-$ARCH.tar.gz" ClauseDesk

# Debian package: the bundle in /opt/clausedesk, `clausedesk` on the PATH, a desktop entry, icons at
# every size, AppStream metadata and the .cdpkg file type. dpkg's triggers refresh the desktop, icon
# and MIME caches: no maintainer script.
if command -v dpkg-deb >/dev/null 2>&1; then
  ROOT=build/deb/clausedesk_${VERSION}_${ARCH}
  SHARE=$ROOT/usr/share
  rm -rf "$ROOT"
  mkdir -p "$ROOT/DEBIAN" "$ROOT/opt" "$ROOT/usr/bin" "$SHARE/applications" "$SHARE/metainfo" \
           "$SHARE/mime/packages" "$SHARE/icons" "$SHARE/doc/clausedesk"
  cp -a "$DIST/ClauseDesk" "$ROOT/opt/clausedesk"
  ln -s /opt/clausedesk/clausedesk "$ROOT/usr/bin/clausedesk"
  install -m 0644 packaging/linux/$APP_ID.desktop "$SHARE/applications/$APP_ID.desktop"
  install -m 0644 packaging/linux/$APP_ID.metainfo.xml "$SHARE/metainfo/$APP_ID.metainfo.xml"
  install -m 0644 packaging/linux/clausedesk-mime.xml "$SHARE/mime/packages/clausedesk.xml"
  uv run python packaging/linux/make_icons.py "$SHARE/icons" clausedesk >/dev/null
  uv run python -c "from clausedesk.licences import notices_text; print(notices_text())" \
    > "$SHARE/doc/clausedesk/copyright"
  SIZE=$(du -sk "$ROOT" | cut -f1)
  cat > "$ROOT/DEBIAN/control" <<CONTROL
Package: clausedesk
Version: $VERSION
Architecture: $ARCH
Maintainer: ClauseDesk <contact@clausedesk.invalid>
Installed-Size: $SIZE
Depends: libc6 (>= 2.35), libstdc++6, $(tr '\n' ' ' < packaging/linux/deb-depends.txt | sed 's/ *$//; s/ /, /g')
Section: misc
Priority: optional
Description: Suivi des clauses sociales d'insertion dans les marchés publics
 ClauseDesk est le poste de travail des facilitateurs des clauses sociales :
 marchés, entreprises, participants, heures d'insertion, tableaux de bord et
 paquet mensuel signé pour le coordinateur départemental. Hors ligne.
CONTROL
  # The user's data (in ~/.local/share/ClauseDesk) is never touched by install or removal.
  find "$ROOT" -type d -exec chmod 0755 {} +
  timed "paquet .deb ($DEB_COMPRESSION -$DEB_LEVEL)" dpkg-deb --root-owner-group "-Z$DEB_COMPRESSION" "-z$DEB_LEVEL" \
    --build "$ROOT" "$DIST/clausedesk_${VERSION}_${ARCH}.deb"
fi
du -sh "$DIST/ClauseDesk" "$DIST"/*.tar.gz "$DIST"/*.deb 2>/dev/null
