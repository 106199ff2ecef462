#!/usr/bin/env bash
# Proves that the locked runtime dependencies install from wheels alone (nothing built from source) on
# every desktop ClauseDesk ships to: Windows x86_64, macOS arm64 and x86_64, Linux x86_64 and aarch64,
# for Python 3.11 and 3.12. A dry-run install of the exported lock per target; exit 1 if any fails.
# The floors are the ones the README states: macOS 14 (PySide6 6.12's wheels), glibc 2.35 on x86_64
# (Ubuntu 22.04 LTS), glibc 2.39 on aarch64 (Ubuntu 24.04 LTS: PySide6 ships no older ARM wheel).
# Usage: packaging/check_wheels.sh   (needs uv and network access to the package index)
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
uv export --frozen --no-dev --no-hashes --no-emit-project --format requirements.txt -q -o "$WORK/runtime.txt"

# target label | uv --python-platform | MACOSX_DEPLOYMENT_TARGET
TARGETS=(
  "windows-x86_64|x86_64-pc-windows-msvc|"
  "macos-arm64|aarch64-apple-darwin|14.0"
  "macos-x86_64|x86_64-apple-darwin|14.0"
  "linux-x86_64|x86_64-manylinux_2_35|"
  "linux-aarch64|aarch64-manylinux_2_39|"
)
failed=0
for target in "${TARGETS[@]}"; do
  IFS='|' read -r label platform macos <<<"$target"
  for py in 3.11 3.12; do
    printf '%-16s python %-5s ' "$label" "$py"
    if MACOSX_DEPLOYMENT_TARGET="${macos:-14.0}" uv pip install --dry-run --quiet --no-deps \
         --only-binary :all: --python-platform "$platform" --python-version "$py" \
         --target "$WORK/target-$label-$py" -r "$WORK/runtime.txt" >"$WORK/log" 2>&1; then
      echo ok
    else
      echo "ÉCHEC"; sed 's/^/    /' "$WORK/log"; failed=1
    fi
  done
done
if [ "$failed" -ne 0 ]; then
  echo "Des dépendances verrouillées n'ont pas de wheel pour une plateforme : voir ci-dessus." >&2
  exit 1
fi
echo "Dépendances verrouillées : des wheels pour les cinq plateformes."
