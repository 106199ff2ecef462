#!/usr/bin/env bash
# Proof that the frozen bundle works and starts on the distributions people run: runs it headless on a
# temporary data folder (--version, demo, stats --json, dashboard, screenshots), checks the bundle's
# shape (one stripped executable) and its glibc floor (the highest GLIBC_ symbol version any of its ELF
# files needs, against Ubuntu 22.04 LTS's glibc 2.35), measures the start-up cost against the same
# commands run from source, opens the real window under Xvfb when available, then installs and removes
# the .deb (its data untouched).
# Usage: packaging/smoke_test.sh   (after packaging/build_linux.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLE=build/dist/ClauseDesk
APP="$BUNDLE/clausedesk"
GLIBC_FLOOR=2.35      # Ubuntu 22.04 LTS, the oldest Ubuntu LTS still in standard support
GLIBCXX_FLOOR=3.4.30  # its libstdc++ (GCC 12)
[ -x "$APP" ] || { echo "Bundle absent : lancez d'abord packaging/build_linux.sh" >&2; exit 1; }
DATA=$(mktemp -d)
OUT=$(mktemp -d)
trap 'rm -rf "$DATA" "$OUT"' EXIT
export QT_QPA_PLATFORM=offscreen
export CLAUSEDESK_DATA_DIR="$DATA"
export CLAUSEDESK_PASSPHRASE="${CLAUSEDESK_PASSPHRASE:-essai-du-paquet-gele}"
# A machine without a display must not try to load GTK themes.
unset DISPLAY WAYLAND_DISPLAY

step() { printf '%-55s' "$1"; }
step "version"; "$APP" --version
step "demo";  "$APP" demo --until 2026-10 >/dev/null && echo ok
step "stats --json"; "$APP" stats --json > "$OUT/stats.json"
python3 -c "import json,sys; d=json.load(open('$OUT/stats.json')); assert d['lots'] > 0 and d['hours_total'] > 0, d; print('ok', d['lots'], 'lots')"
MARKET=$("$APP" list markets --json | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['ref'])")
step "dashboard"; "$APP" dashboard --market "$MARKET" --month 2026-09 -o "$OUT/tdb.pdf" >/dev/null
test -s "$OUT/tdb.pdf" && head -c 5 "$OUT/tdb.pdf" | grep -q '%PDF' && echo ok
step "screenshots"; "$APP" screenshots "$OUT/captures" >/dev/null
n=$(ls "$OUT/captures"/*.png | wc -l); [ "$n" -ge 5 ] && echo "ok ($n captures)"

# Shape: one executable (no second identical copy), stripped, migrations with their bytecode.
step "one executable"
extra=$(find "$BUNDLE" -maxdepth 1 -type f ! -name clausedesk | wc -l)
[ "$extra" -eq 0 ] && echo ok || { echo "ÉCHEC : $extra autres fichiers à la racine du bundle"; exit 1; }
step "stripped"
file -L "$APP" "$BUNDLE"/_internal/PySide6/Qt/lib/libQt6Core.so.6 | grep -vq ', not stripped' && echo ok \
  || { file -L "$APP"; exit 1; }
step "commands start without loading Qt"
LD_DEBUG=files "$APP" --version 2>"$OUT/ld.log" >/dev/null
! grep -q 'libQt6Core' "$OUT/ld.log" && echo ok || { echo "ÉCHEC : Qt chargé pour --version"; exit 1; }
step "migrations bytecode"
ls "$BUNDLE"/_internal/clausedesk/db/migrations/versions/__pycache__/*.pyc >/dev/null && echo ok

# glibc floor: the highest versioned symbol any ELF file of the bundle asks of glibc and libstdc++.
highest() {  # highest PREFIX: "<version> <file>" for the file needing the highest PREFIX_x.y symbol
  find "$BUNDLE" -type f \( -name '*.so*' -o -perm -u+x \) -print0 | while IFS= read -r -d '' f; do
    [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
    v=$(objdump -T "$f" 2>/dev/null | grep -o "$1_[0-9.]*" | sed "s/$1_//" | sort -uV | tail -1)
    [ -n "$v" ] && echo "$v ${f#"$BUNDLE"/}"
  done | sort -V | tail -1
}
read -r glibc glibc_file <<<"$(highest GLIBC)"
read -r glibcxx glibcxx_file <<<"$(highest GLIBCXX)"
echo "glibc needed by the bundle: GLIBC_$glibc ($glibc_file); floor $GLIBC_FLOOR (Ubuntu 22.04 LTS)"
echo "libstdc++ needed by the bundle: GLIBCXX_$glibcxx ($glibcxx_file); floor $GLIBCXX_FLOOR"
newest() { printf '%s\n%s\n' "$1" "$2" | sort -V | tail -1; }
[ "$(newest "$glibc" "$GLIBC_FLOOR")" = "$GLIBC_FLOOR" ] \
  || { echo "ÉCHEC : le bundle demande glibc $glibc, au-delà du plancher $GLIBC_FLOOR" >&2; exit 1; }
[ "$(newest "$glibcxx" "$GLIBCXX_FLOOR")" = "$GLIBCXX_FLOOR" ] \
  || { echo "ÉCHEC : le bundle demande GLIBCXX $glibcxx, au-delà de $GLIBCXX_FLOOR" >&2; exit 1; }

# Start-up cost of the shipped program against the same commands run from source (min/median).
uv run python packaging/startup_cost.py --frozen "$APP" --runs "${STARTUP_RUNS:-7}"
echo "bundle size: $(du -sh "$BUNDLE" | cut -f1)"

# The real window on the X11 platform (the one that needs the system libraries): it must stay open.
if command -v xvfb-run >/dev/null 2>&1; then
  step "window under Xvfb (xcb)"
  set +e
  QT_QPA_PLATFORM=xcb timeout 15 xvfb-run -a "$APP" >"$OUT/window.log" 2>&1
  code=$?
  set -e
  if [ "$code" -eq 124 ]; then echo "ok (still open after 15 s)"; else echo "ÉCHEC ($code)"; cat "$OUT/window.log"; exit 1; fi
fi

DEB=$(ls build/dist/clausedesk_*.deb 2>/dev/null | head -1 || true)
if [ -n "$DEB" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  step "apt-get install ./$(basename "$DEB")"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$DEB" >"$OUT/apt.log" 2>&1 && echo ok \
    || { cat "$OUT/apt.log"; exit 1; }
  step "launcher on the PATH"; /usr/bin/clausedesk --version
  APP_ID=org.clausedesk.ClauseDesk
  test -f /usr/share/applications/$APP_ID.desktop && test -f /usr/share/metainfo/$APP_ID.metainfo.xml
  test -f /usr/share/icons/hicolor/scalable/apps/clausedesk.svg && test -f /usr/share/icons/hicolor/48x48/apps/clausedesk.png
  if command -v appstreamcli >/dev/null; then
    step "AppStream metadata"; appstreamcli validate --no-net --explain /usr/share/metainfo/$APP_ID.metainfo.xml >/dev/null && echo ok
  fi
  if command -v xdg-mime >/dev/null && [ -f /usr/share/mime/packages/clausedesk.xml ]; then
    step ".cdpkg file type"; touch "$OUT/mars.cdpkg"; xdg-mime query filetype "$OUT/mars.cdpkg"
  fi
  step "dpkg -r"; dpkg -r clausedesk >/dev/null && echo ok
  test ! -e /opt/clausedesk && test ! -e /usr/bin/clausedesk
  test -f "$DATA/clausedesk.sqlite"  # the user's data survives the removal
fi
echo "Paquet gelé : tout fonctionne."
