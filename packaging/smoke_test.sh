#!/usr/bin/env bash
# Proof that the frozen bundle works: runs it headless on a temporary data folder (demo, stats --json,
# dashboard, screenshots), measures its start time and size, then installs and removes the .deb.
# Usage: packaging/smoke_test.sh   (after packaging/build_linux.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLE=build/dist/ClauseDesk
APP="$BUNDLE/clausedesk"
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
start=$(date +%s%N); "$APP" --version >/dev/null; end=$(date +%s%N)
echo "start time (--version): $(( (end - start) / 1000000 )) ms"
step "demo";  "$APP" demo --until 2026-10 >/dev/null && echo ok
step "stats --json"; "$APP" stats --json > "$OUT/stats.json"
python3 -c "import json,sys; d=json.load(open('$OUT/stats.json')); assert d['lots'] > 0 and d['hours_total'] > 0, d; print('ok', d['lots'], 'lots')"
if "$APP" --help | grep -q " dashboard"; then
  MARKET=$("$APP" list markets --json | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['ref'])")
  step "dashboard"; "$APP" dashboard --market "$MARKET" --month 2026-09 -o "$OUT/tdb.pdf" >/dev/null
  test -s "$OUT/tdb.pdf" && head -c 5 "$OUT/tdb.pdf" | grep -q '%PDF' && echo ok
fi
if "$APP" --help | grep -q " screenshots"; then
  step "screenshots"; "$APP" screenshots "$OUT/captures" >/dev/null
  n=$(ls "$OUT/captures"/*.png | wc -l); [ "$n" -ge 5 ] && echo "ok ($n captures)"
fi
start=$(date +%s%N); "$APP" stats --json >/dev/null; end=$(date +%s%N)
echo "stats on the demo store: $(( (end - start) / 1000000 )) ms"
echo "bundle size: $(du -sh "$BUNDLE" | cut -f1)"

DEB=$(ls build/dist/clausedesk_*.deb 2>/dev/null | head -1 || true)
if [ -n "$DEB" ] && [ "$(id -u)" = 0 ] && command -v dpkg >/dev/null; then
  step "dpkg -i"; dpkg -i "$DEB" >/dev/null && echo ok
  step "launcher on the PATH"; /usr/bin/clausedesk --version
  test -f /usr/share/applications/clausedesk.desktop
  step "dpkg -r"; dpkg -r clausedesk >/dev/null && echo ok
  test ! -e /opt/clausedesk && test ! -e /usr/bin/clausedesk
  test -f "$DATA/clausedesk.sqlite"  # the user's data survives the removal
fi
echo "Paquet gelé : tout fonctionne."
