#!/usr/bin/env bash
# Fetches real photographs from Debian wallpaper packages into .cache/ (never committed). The evaluation
# set (.cache/photos/) is what the mosaic tests and benchmarks measure the detectors on; the training set
# (.cache/train-photos/, only with --train) is what `tessera train mosaic-detector` learns from. The two
# share no image, so the learned detector's figures are on photos it never saw. The pattern set
# (.cache/pattern-photos/, only with --patterns) is regular structure that is not a mosaic (circuit board,
# brick, façades, checkerboards, text, machinery): clean photos the detector must leave alone, kept apart
# from both so it is never trained on by accident.
# Idempotent: returns at once when every photo is there. Only apt is used (apt-get download + dpkg -x, no
# install); each package's debian/copyright is kept beside its photos and docs/photos.md lists names,
# authors and licences.
#   bash scripts/fetch-photos.sh [--quiet] [--train] [--patterns]
set -euo pipefail
cd "$(dirname "$0")/.."
say() { [ "${QUIET:-}" = 1 ] || echo "fetch-photos: $*"; }
SETS=eval
for a in "$@"; do
  case "$a" in
    --quiet) QUIET=1 ;;
    --train) SETS="$SETS|train" ;;
    --patterns) SETS="$SETS|pattern" ;;
    *) echo "fetch-photos: unknown option $a (use --quiet, --train, --patterns)" >&2; exit 2 ;;
  esac
done
cacheOf() { case "$1" in train) echo .cache/train-photos ;; pattern) echo .cache/pattern-photos ;; *) echo .cache/photos ;; esac; }

# set | package | path inside the package | cached name | author | licence.
# eval: photographs only (the packages' illustrations, renders and paintings are left out on purpose).
# train: photographs and some illustrations (flat colour and gradients teach what is *not* a mosaic).
# pattern: photographs of regular structure, evaluation only (none of them is in the other sets).
PHOTOS='
eval|mate-backgrounds|usr/share/backgrounds/mate/nature/Aqua.jpg|mate-Aqua.jpg|Charles Barbin|GPL-2+
eval|mate-backgrounds|usr/share/backgrounds/mate/nature/Blinds.jpg|mate-Blinds.jpg|Lennart Poettering, Andrea Cimitan|GPL-2+
eval|mate-backgrounds|usr/share/backgrounds/mate/nature/Dune.jpg|mate-Dune.jpg|Marco Cogoni, Hylke Bons|GPL-2+
eval|mate-backgrounds|usr/share/backgrounds/mate/nature/FreshFlower.jpg|mate-FreshFlower.jpg|Jens Ansorg|GPL-2+
eval|mate-backgrounds|usr/share/backgrounds/mate/nature/Garden.jpg|mate-Garden.jpg|Charles Barbin|GPL-2+
eval|mate-backgrounds|usr/share/backgrounds/mate/nature/GreenMeadow.jpg|mate-GreenMeadow.jpg|Timothy Schellhase, Lapo Calamandrei|GPL-2+
eval|mate-backgrounds|usr/share/backgrounds/mate/nature/LadyBird.jpg|mate-LadyBird.jpg|Charles Barbin|GPL-2+
eval|mate-backgrounds|usr/share/backgrounds/mate/nature/RainDrops.jpg|mate-RainDrops.jpg|"blackcombwhistler07"|GPL-2+
eval|mate-backgrounds|usr/share/backgrounds/mate/nature/Storm.jpg|mate-Storm.jpg|Sergey Nazarov|GPL-2+
eval|mate-backgrounds|usr/share/backgrounds/mate/nature/TwoWings.jpg|mate-TwoWings.jpg|Charles Barbin, Hylke Bons|GPL-2+
eval|mate-backgrounds|usr/share/backgrounds/mate/nature/Wood.jpg|mate-Wood.jpg|Jean-François Fortin Tam|GPL-2+
eval|mate-backgrounds|usr/share/backgrounds/mate/nature/YellowFlower.jpg|mate-YellowFlower.jpg|Charles Barbin|GPL-2+
eval|plasma-workspace-wallpapers|usr/share/wallpapers/BytheWater/contents/images/1920x1200.jpg|plasma-BytheWater.jpg|Maciej Wiklo|LGPL-3 (metadata.json), GPL-2+ (debian/copyright)
eval|plasma-workspace-wallpapers|usr/share/wallpapers/ColdRipple/contents/images/1920x1200.jpg|plasma-ColdRipple.jpg|Risto Saukonpää|LGPL-3 (metadata.json), GPL-2+ (debian/copyright)
eval|plasma-workspace-wallpapers|usr/share/wallpapers/ColorfulCups/contents/images/2560x1600.jpg|plasma-ColorfulCups.jpg|Dmitri Popov|LGPL-3 (metadata.json), GPL-2+ (debian/copyright)
eval|plasma-workspace-wallpapers|usr/share/wallpapers/DarkestHour/contents/images/1920x1200.jpg|plasma-DarkestHour.jpg|Risto Saukonpää|LGPL-3 (metadata.json), GPL-2+ (debian/copyright)
eval|plasma-workspace-wallpapers|usr/share/wallpapers/EveningGlow/contents/images/1920x1200.jpg|plasma-EveningGlow.jpg|Ian Hex|LGPL-3 (metadata.json), GPL-2+ (debian/copyright)
eval|plasma-workspace-wallpapers|usr/share/wallpapers/FallenLeaf/contents/images/1920x1200.jpg|plasma-FallenLeaf.jpg|Martin Klapetek|LGPL-3 (metadata.json), GPL-2+ (debian/copyright)
eval|plasma-workspace-wallpapers|usr/share/wallpapers/Grey/contents/images/1920x1200.jpg|plasma-Grey.jpg|Sigi Sagi|LGPL-3 (metadata.json), GPL-2+ (debian/copyright)
eval|plasma-workspace-wallpapers|usr/share/wallpapers/Kite/contents/images/1920x1200.jpg|plasma-Kite.jpg|Risto Saukonpää|LGPL-3 (metadata.json), GPL-2+ (debian/copyright)
eval|plasma-workspace-wallpapers|usr/share/wallpapers/OneStandsOut/contents/images/1920x1200.jpg|plasma-OneStandsOut.jpg|Risto Saukonpää|LGPL-3 (metadata.json), GPL-2+ (debian/copyright)
eval|plasma-workspace-wallpapers|usr/share/wallpapers/Path/contents/images/1920x1200.jpg|plasma-Path.jpg|Risto Saukonpää|LGPL-3 (metadata.json), GPL-2+ (debian/copyright)
eval|plasma-workspace-wallpapers|usr/share/wallpapers/summer_1am/contents/images/1920x1200.jpg|plasma-summer_1am.jpg|Risto Saukonpää|LGPL-3 (metadata.json), GPL-2+ (debian/copyright)
train|lomiri-wallpapers-16.04|usr/share/backgrounds/aitzgorri_by_Aitzol_Berasategi.jpg|lomiri16-aitzgorri_by_Aitzol_Berasategi.jpg|Aitzol Berasategi|CC-BY-4.0
train|lomiri-wallpapers-16.04|usr/share/backgrounds/analogpattern_by_Peter_Nerlich.jpg|lomiri16-analogpattern_by_Peter_Nerlich.jpg|Peter Nerlich|CC-BY-SA-4.0
train|lomiri-wallpapers-16.04|usr/share/backgrounds/Bridge_by_Sander_Klootwijk.jpg|lomiri16-Bridge_by_Sander_Klootwijk.jpg|Sander Klootwijk|CC-BY-SA-4.0
train|lomiri-wallpapers-16.04|usr/share/backgrounds/Dragonfly_by_Bolly.jpg|lomiri16-Dragonfly_by_Bolly.jpg|"Bolly"|CC-BY-SA-4.0
train|lomiri-wallpapers-16.04|usr/share/backgrounds/free_by_Peter_Nerlich.jpg|lomiri16-free_by_Peter_Nerlich.jpg|Peter Nerlich|CC-BY-SA-4.0
train|lomiri-wallpapers-16.04|usr/share/backgrounds/friends_by_Aitzol_Berasategi.jpg|lomiri16-friends_by_Aitzol_Berasategi.jpg|Aitzol Berasategi|CC-BY-4.0
train|lomiri-wallpapers-16.04|usr/share/backgrounds/greentock_by_Peter_Nerlich.jpg|lomiri16-greentock_by_Peter_Nerlich.jpg|Peter Nerlich|CC-BY-SA-4.0
train|lomiri-wallpapers-16.04|usr/share/backgrounds/life_by_Aitzol_Berasategi.jpg|lomiri16-life_by_Aitzol_Berasategi.jpg|Aitzol Berasategi|CC-BY-4.0
train|lomiri-wallpapers-16.04|usr/share/backgrounds/picosdeeuropa_by_Aitzol_Berasategi.jpg|lomiri16-picosdeeuropa_by_Aitzol_Berasategi.jpg|Aitzol Berasategi|CC-BY-4.0
train|lomiri-wallpapers-16.04|usr/share/backgrounds/Picture_0B_by_freespace.jpg|lomiri16-Picture_0B_by_freespace.jpg|Trevor "Freespace"|CC-BY-4.0
train|lomiri-wallpapers-16.04|usr/share/backgrounds/Picture_1A_by_freespace.jpg|lomiri16-Picture_1A_by_freespace.jpg|Trevor "Freespace"|CC-BY-4.0
train|lomiri-wallpapers-16.04|usr/share/backgrounds/seeding_by_Clements_Engelhardt.jpg|lomiri16-seeding_by_Clements_Engelhardt.jpg|Clemens Engelhardt|CC0-1.0
train|lomiri-wallpapers-16.04|usr/share/backgrounds/sunset_by_Aitzol_Berasategi.jpg|lomiri16-sunset_by_Aitzol_Berasategi.jpg|Aitzol Berasategi|CC-BY-4.0
train|lomiri-wallpapers-16.04|usr/share/backgrounds/umang_by_Abhishek_Mudgal.jpg|lomiri16-umang_by_Abhishek_Mudgal.jpg|Abhishek Mudgal|CC-BY-4.0
train|lomiri-wallpapers-16.04|usr/share/backgrounds/Wine_by_Jakkub_Mede.jpg|lomiri16-Wine_by_Jakkub_Mede.jpg|Jakub Mede|CC-BY-4.0
train|lomiri-wallpapers-20.04|usr/share/backgrounds/Fossa_by_Jasper_Roks.jpg|lomiri20-Fossa_by_Jasper_Roks.jpg|Jasper Roks|CC-BY-SA-3.0
train|lomiri-wallpapers-20.04|usr/share/backgrounds/Infinite-Sea_by_Aury88.jpg|lomiri20-Infinite-Sea_by_Aury88.jpg|Aury88|CC-BY-SA-3.0
train|lomiri-wallpapers-20.04|usr/share/backgrounds/Kleiber_by_Lukas_Baubkus.jpg|lomiri20-Kleiber_by_Lukas_Baubkus.jpg|Lukas Baubkus|CC-BY-SA-3.0
train|lomiri-wallpapers-20.04|usr/share/backgrounds/Painting-Colors_by__herobrine7gamer.jpg|lomiri20-Painting-Colors_by__herobrine7gamer.jpg|HEROBRINE7GAMER|CC-BY-SA-3.0
train|ukui-wallpapers|usr/share/backgrounds/2004default.jpg|ukui-2004default.jpg|Ubuntu Kylin community contributors|CC-BY-SA-3.0
train|ukui-wallpapers|usr/share/backgrounds/calla.png|ukui-calla.png|Ubuntu Kylin community contributors|CC-BY-SA-3.0
train|ukui-wallpapers|usr/share/backgrounds/city.png|ukui-city.png|Ubuntu Kylin community contributors|CC-BY-SA-3.0
train|ukui-wallpapers|usr/share/backgrounds/desert.png|ukui-desert.png|Ubuntu Kylin community contributors|CC-BY-SA-3.0
train|ukui-wallpapers|usr/share/backgrounds/firstgeneration.jpg|ukui-firstgeneration.jpg|Ubuntu Kylin community contributors|CC-BY-SA-3.0
train|ukui-wallpapers|usr/share/backgrounds/fluent-color.png|ukui-fluent-color.png|Ubuntu Kylin community contributors|CC-BY-SA-3.0
train|ukui-wallpapers|usr/share/backgrounds/focal-ubuntukylin.png|ukui-focal-ubuntukylin.png|Ubuntu Kylin community contributors|CC-BY-SA-3.0
train|ukui-wallpapers|usr/share/backgrounds/goldfish.png|ukui-goldfish.png|Ubuntu Kylin community contributors|CC-BY-SA-3.0
train|ukui-wallpapers|usr/share/backgrounds/rhythm.jpg|ukui-rhythm.jpg|Ubuntu Kylin community contributors|CC-BY-SA-3.0
train|ukui-wallpapers|usr/share/backgrounds/rollpaper.png|ukui-rollpaper.png|Ubuntu Kylin community contributors|CC-BY-SA-3.0
train|ukui-wallpapers|usr/share/backgrounds/string.jpg|ukui-string.jpg|Ubuntu Kylin community contributors|CC-BY-SA-3.0
train|ukui-wallpapers|usr/share/backgrounds/the-mouse.jpg|ukui-the-mouse.jpg|Ubuntu Kylin community contributors|CC-BY-SA-3.0
pattern|opencv-doc|usr/share/doc/opencv-doc/examples/data/board.jpg|opencv-board.jpg|OpenCV sample data (photographer not named)|Apache-2.0 AND BSD-3-Clause (debian/copyright)
pattern|opencv-doc|usr/share/doc/opencv-doc/examples/data/leuvenA.jpg|opencv-leuvenA.jpg|OpenCV sample data (photographer not named)|Apache-2.0 AND BSD-3-Clause (debian/copyright)
pattern|opencv-doc|usr/share/doc/opencv-doc/examples/data/sudoku.png|opencv-sudoku.png|OpenCV sample data (photographer not named)|Apache-2.0 AND BSD-3-Clause (debian/copyright)
pattern|opencv-doc|usr/share/doc/opencv-doc/examples/data/left01.jpg|opencv-left01.jpg|OpenCV sample data (photographer not named)|Apache-2.0 AND BSD-3-Clause (debian/copyright)
pattern|opencv-doc|usr/share/doc/opencv-doc/examples/data/right05.jpg|opencv-right05.jpg|OpenCV sample data (photographer not named)|Apache-2.0 AND BSD-3-Clause (debian/copyright)
pattern|opencv-doc|usr/share/doc/opencv-doc/examples/data/home.jpg|opencv-home.jpg|OpenCV sample data (photographer not named)|Apache-2.0 AND BSD-3-Clause (debian/copyright)
pattern|opencv-doc|usr/share/doc/opencv-doc/examples/data/aero1.jpg|opencv-aero1.jpg|OpenCV sample data (photographer not named)|Apache-2.0 AND BSD-3-Clause (debian/copyright)
pattern|python3-skimage|usr/lib/python3/dist-packages/skimage/data/brick.png|skimage-brick.png|CC0 Textures "Bricks25" (skimage.data.brick)|CC0-1.0 (skimage/data/_fetchers.py), BSD-3-Clause (debian/copyright)
pattern|python3-skimage|usr/lib/python3/dist-packages/skimage/data/motorcycle_left.png|skimage-motorcycle_left.png|Middlebury 2014 stereo benchmark (skimage.data.stereo_motorcycle)|BSD-3-Clause (debian/copyright)
pattern|python3-skimage|usr/lib/python3/dist-packages/skimage/data/text.png|skimage-text.png|Wikipedia File:Corner.png (skimage.data.text)|public domain (skimage/data/_fetchers.py), BSD-3-Clause (debian/copyright)
pattern|python3-skimage|usr/lib/python3/dist-packages/skimage/data/page.png|skimage-page.png|scikit-image team (skimage.data.page)|BSD-3-Clause (debian/copyright)
pattern|python3-skimage|usr/lib/python3/dist-packages/skimage/data/rocket.jpg|skimage-rocket.jpg|SpaceX (skimage.data.rocket)|public domain (skimage/data/_fetchers.py), BSD-3-Clause (debian/copyright)
pattern|hugin-data|usr/share/hugin/xrc/data/help_en_EN/CA_tCA00.jpg|hugin-CA_tCA00.jpg|Hugin manual contributors|GPL-2+ (debian/copyright)
pattern|hugin-data|usr/share/hugin/xrc/data/help_en_EN/800px-C_Marchi-GrandCentral-adj.jpg|hugin-GrandCentral.jpg|C. Marchi (Hugin manual)|GPL-2+ (debian/copyright)
pattern|tuxpaint-data|usr/share/tuxpaint/templates/wool_mill_machine.jpg|tuxpaint-wool_mill_machine.jpg|Bill Kendrick|GPL-2+
'
allRows() { printf '%s\n' "$PHOTOS" | sed '/^$/d'; }
rows() { allRows | grep -E "^($SETS)\\|"; }

missing=0
while IFS='|' read -r set _ _ name _ _; do [ -s "$(cacheOf "$set")/$name" ] || missing=1; done < <(rows)
if [ "$missing" = 0 ]; then say "photos already in .cache"; exit 0; fi

command -v apt-get >/dev/null || { echo "fetch-photos: apt-get not found; the photos come from Debian packages" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"  # apt's sandbox user must be able to write here
packages=$(rows | cut -d'|' -f2 | sort -u)
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
done
while IFS='|' read -r set pkg src name _ _; do
  [ -f "$tmp/x/$pkg/$src" ] || { echo "fetch-photos: $src not found in package $pkg" >&2; exit 1; }
  cache=$(cacheOf "$set")
  mkdir -p "$cache"
  cp "$tmp/x/$pkg/usr/share/doc/$pkg/copyright" "$cache/$pkg.copyright"
  cp "$tmp/x/$pkg/$src" "$cache/.$name.tmp" && mv "$cache/.$name.tmp" "$cache/$name"
done < <(rows)

# The licence list is derived from the whole table (both sets), so it never drifts from what is fetched.
{
  echo '# Photographs used by the mosaic detectors'
  echo
  echo 'Fetched by `scripts/fetch-photos.sh` from Debian 12 packages; only the three demo photos below are committed. Each package'"'"'s'
  echo '`debian/copyright` is copied beside its images as `PACKAGE.copyright`.'
  echo
  echo '- **eval** (`.cache/photos/`, fetched by `scripts/setup.sh`): photographs only. The tests and'
  echo '  benchmarks measure both detectors on these.'
  echo '- **train** (`.cache/train-photos/`, `bash scripts/fetch-photos.sh --train`): what'
  echo '  `tessera train mosaic-detector` learns from; photographs and a few illustrations. No image is in both sets.'
  echo '- **pattern** (`.cache/pattern-photos/`, `bash scripts/fetch-photos.sh --patterns`): photographs of regular'
  echo '  structure (circuit board, brick, façades and windows, checkerboards, printed and written text, machinery,'
  echo '  lattice towers) that a mosaic detector must leave alone; evaluation only, never trained on.'
  echo
  echo '**demo** (`assets/demo/`, committed): three evaluation photos resized to 640×400 (sharp, Lanczos 3, JPEG'
  echo 'q90) for `tessera demo`. They come from the evaluation set, so showing them is fine; never train on them.'
  echo
  echo '| file | from (eval set) | Debian package | author | licence |'
  echo '|---|---|---|---|---|'
  echo '| `boats.jpg` | `plasma-EveningGlow.jpg` | plasma-workspace-wallpapers | Ian Hex | LGPL-3 (metadata.json), GPL-2+ (debian/copyright) |'
  echo '| `ladybird.jpg` | `mate-LadyBird.jpg` | mate-backgrounds | Charles Barbin | GPL-2+ |'
  echo '| `cups.jpg` | `plasma-ColorfulCups.jpg` | plasma-workspace-wallpapers | Dmitri Popov | LGPL-3 (metadata.json), GPL-2+ (debian/copyright) |'
  echo
  echo '| set | file | Debian package | path in the package | author | licence |'
  echo '|---|---|---|---|---|---|'
  allRows | while IFS='|' read -r set pkg src name author licence; do echo "| $set | \`$name\` | $pkg | \`/$src\` | $author | $licence |"; done
} > "$tmp/photos.md"
cmp -s "$tmp/photos.md" docs/photos.md 2>/dev/null || cp "$tmp/photos.md" docs/photos.md
say "$(rows | wc -l) images in .cache"
