#!/usr/bin/env bash
# Fetches real photographs from Debian packages into .cache/ (never committed). The evaluation set
# (.cache/photos/) is what the mosaic tests and benchmarks measure the detectors on; the training set
# (.cache/train-photos/, only with --train) is what `tessera train mosaic-detector` learns from. The two
# share no image, so the learned detector's figures are on photos it never saw. The restorer has its own
# two sets, fetched only when asked for: --restore-train (.cache/restore-train-photos/: the training set
# above plus the restore-train rows) and --restore-eval (.cache/restore-eval-photos/). No image is in two
# of the sets eval, train + restore-train, restore-eval. The pattern set (.cache/pattern-photos/, only with
# --patterns) is regular structure that is not a mosaic (circuit board, brick, façades, checkerboards,
# text, machinery): clean photos the detector must leave alone, in no other set, so it is never trained on
# by accident. The negative set (.cache/negative-photos/, only with --negatives) is the training counterpart
# of the pattern set: photographic textures of the same kinds of structure (brick, tiles, parquet, cobbles,
# planks, shutters, doors, façades, metal grating, woven rugs) that the detector learns to leave alone; it
# shares no package with any other set.
# Idempotent: returns at once when every photo is there. Only apt is used (apt-get download + dpkg -x, no
# install); each package's debian/copyright is kept beside its photos and docs/photos.md lists names,
# authors and licences.
#   bash scripts/fetch-photos.sh [--quiet] [--train] [--restore-train] [--restore-eval] [--patterns] [--negatives]
set -euo pipefail
cd "$(dirname "$0")/.."
say() { [ "${QUIET:-}" = 1 ] || echo "fetch-photos: $*"; }
TRAIN=0 RESTORE_TRAIN=0 RESTORE_EVAL=0 PATTERNS=0 NEGATIVES=0
for a in "$@"; do
  case "$a" in
    --quiet) QUIET=1 ;;
    --train) TRAIN=1 ;;
    --restore-train) RESTORE_TRAIN=1 ;;
    --restore-eval) RESTORE_EVAL=1 ;;
    --patterns) PATTERNS=1 ;;
    --negatives) NEGATIVES=1 ;;
    *) echo "fetch-photos: unknown option $a (use --quiet, --train, --restore-train, --restore-eval, --patterns, --negatives)" >&2; exit 2 ;;
  esac
done

# set | package | path inside the package | cached name | author | licence.
# eval: photographs only (the packages' illustrations, renders and paintings are left out on purpose).
# train: photographs and some illustrations (flat colour and gradients teach what is *not* a mosaic).
# restore-train: photographs only, at the packages' full size; with the train rows they teach the restorer.
# restore-eval: photographs only, from packages no training set uses; the restorer is measured on them.
# pattern: photographs of regular structure, evaluation only (none of them is in the other sets).
# negative: photographic textures of regular structure for training, from a package no other set uses.
# A path of the form ARCHIVE!MEMBER names a file inside a zip archive (a game's .pk3) in the package.
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
restore-train|lxqt-themes|usr/share/lxqt/wallpapers/after-the-rain.jpg|lxqt-after-the-rain.jpg|stefonarch (LXQt)|CC-BY-SA-3.0 (wallpapers/License), LGPL-2.1+ (debian/copyright)
restore-train|lxqt-themes|usr/share/lxqt/wallpapers/appleflower.png|lxqt-appleflower.png|stefonarch (LXQt)|CC-BY-SA-3.0 (wallpapers/License), LGPL-2.1+ (debian/copyright)
restore-train|lxqt-themes|usr/share/lxqt/wallpapers/beam.png|lxqt-beam.png|stefonarch (LXQt)|CC-BY-SA-3.0 (wallpapers/License), LGPL-2.1+ (debian/copyright)
restore-train|lxqt-themes|usr/share/lxqt/wallpapers/butterfly.png|lxqt-butterfly.png|stefonarch (LXQt)|CC-BY-SA-3.0 (wallpapers/License), LGPL-2.1+ (debian/copyright)
restore-train|lxqt-themes|usr/share/lxqt/wallpapers/drop.png|lxqt-drop.png|stefonarch (LXQt)|CC-BY-SA-3.0 (wallpapers/License), LGPL-2.1+ (debian/copyright)
restore-train|lxqt-themes|usr/share/lxqt/wallpapers/flowers.png|lxqt-flowers.png|stefonarch (LXQt)|CC-BY-SA-3.0 (wallpapers/License), LGPL-2.1+ (debian/copyright)
restore-train|lxqt-themes|usr/share/lxqt/wallpapers/fog.jpg|lxqt-fog.jpg|stefonarch (LXQt)|CC-BY-SA-3.0 (wallpapers/License), LGPL-2.1+ (debian/copyright)
restore-train|lxqt-themes|usr/share/lxqt/wallpapers/this-is-not-windows.jpg|lxqt-this-is-not-windows.jpg|stefonarch (LXQt)|CC-BY-SA-3.0 (wallpapers/License), LGPL-2.1+ (debian/copyright)
restore-train|lxqt-themes|usr/share/lxqt/wallpapers/Butterfly-Kenneth-Wimer.jpg|lxqt-Butterfly-Kenneth-Wimer.jpg|Kenneth Wimer|CC-BY-SA-3.0 (wallpapers/License), LGPL-2.1+ (debian/copyright)
restore-train|lxqt-themes|usr/share/lxqt/wallpapers/Valendas.png|lxqt-Valendas.png|LXQt Project Team (photographer not named)|CC-BY-SA-3.0 (wallpapers/License), LGPL-2.1+ (debian/copyright)
restore-train|lxqt-themes|usr/share/lxqt/wallpapers/cloud.png|lxqt-cloud.png|LXQt Project Team (photographer not named)|CC-BY-SA-3.0 (wallpapers/License), LGPL-2.1+ (debian/copyright)
restore-train|tuxtype-data|usr/share/tuxtype/images/kcas0.jpg|tuxtype-kcas0.jpg|Wikimedia Commons featured pictures (photographers not named)|GPL-2 (debian/copyright)
restore-train|tuxtype-data|usr/share/tuxtype/images/kcas1.jpg|tuxtype-kcas1.jpg|Wikimedia Commons featured pictures (photographers not named)|GPL-2 (debian/copyright)
restore-train|tuxtype-data|usr/share/tuxtype/images/kcas2.jpg|tuxtype-kcas2.jpg|Wikimedia Commons featured pictures (photographers not named)|GPL-2 (debian/copyright)
restore-train|tuxtype-data|usr/share/tuxtype/images/kcas3.jpg|tuxtype-kcas3.jpg|Wikimedia Commons featured pictures (photographers not named)|GPL-2 (debian/copyright)
restore-train|tuxtype-data|usr/share/tuxtype/images/kcas4.jpg|tuxtype-kcas4.jpg|Wikimedia Commons featured pictures (photographers not named)|GPL-2 (debian/copyright)
restore-train|tuxtype-data|usr/share/tuxtype/images/kcas5.jpg|tuxtype-kcas5.jpg|Wikimedia Commons featured pictures (photographers not named)|GPL-2 (debian/copyright)
restore-train|tuxtype-data|usr/share/tuxtype/images/kcas6.jpg|tuxtype-kcas6.jpg|Wikimedia Commons featured pictures (photographers not named)|GPL-2 (debian/copyright)
restore-train|tuxtype-data|usr/share/tuxtype/images/kcas7.jpg|tuxtype-kcas7.jpg|Wikimedia Commons featured pictures (photographers not named)|GPL-2 (debian/copyright)
restore-train|tuxtype-data|usr/share/tuxtype/images/kcas8.jpg|tuxtype-kcas8.jpg|Wikimedia Commons featured pictures (photographers not named)|GPL-2 (debian/copyright)
restore-train|tuxtype-data|usr/share/tuxtype/images/kcas9.jpg|tuxtype-kcas9.jpg|Wikimedia Commons featured pictures (photographers not named)|GPL-2 (debian/copyright)
restore-train|tuxtype-data|usr/share/tuxtype/images/kcas10.jpg|tuxtype-kcas10.jpg|Wikimedia Commons featured pictures (photographers not named)|GPL-2 (debian/copyright)
restore-train|tuxtype-data|usr/share/tuxtype/images/kcas11.jpg|tuxtype-kcas11.jpg|Wikimedia Commons featured pictures (photographers not named)|GPL-2 (debian/copyright)
restore-train|tuxtype-data|usr/share/tuxtype/images/backgrounds/0.jpg|tuxtype-background0.jpg|Wikimedia Commons featured pictures (photographers not named)|GPL-2 (debian/copyright)
restore-train|tuxtype-data|usr/share/tuxtype/images/backgrounds/2.jpg|tuxtype-background2.jpg|Wikimedia Commons featured pictures (photographers not named)|GPL-2 (debian/copyright)
restore-train|tuxpaint-data|usr/share/tuxpaint/templates/burnt_bark.jpg|tuxpaint-burnt_bark.jpg|Bill Kendrick|GPL-2+
restore-train|tuxpaint-data|usr/share/tuxpaint/templates/cliff.jpg|tuxpaint-cliff.jpg|Bill Kendrick|GPL-2+
restore-train|tuxpaint-data|usr/share/tuxpaint/templates/corn_maze.jpg|tuxpaint-corn_maze.jpg|Bill Kendrick|GPL-2+
restore-train|tuxpaint-data|usr/share/tuxpaint/templates/jellyfish.jpg|tuxpaint-jellyfish.jpg|Bill Kendrick|GPL-2+
restore-train|tuxpaint-data|usr/share/tuxpaint/templates/lighthouse.jpg|tuxpaint-lighthouse.jpg|Bill Kendrick|GPL-2+
restore-train|tuxpaint-data|usr/share/tuxpaint/templates/mossy_log.jpg|tuxpaint-mossy_log.jpg|Bill Kendrick|GPL-2+
restore-train|tuxpaint-data|usr/share/tuxpaint/templates/mudstone.jpg|tuxpaint-mudstone.jpg|Bill Kendrick|GPL-2+
restore-train|tuxpaint-data|usr/share/tuxpaint/templates/ocean_splash.jpg|tuxpaint-ocean_splash.jpg|Bill Kendrick|GPL-2+
restore-train|tuxpaint-data|usr/share/tuxpaint/templates/ocean_waves.jpg|tuxpaint-ocean_waves.jpg|Bill Kendrick|GPL-2+
restore-train|tuxpaint-data|usr/share/tuxpaint/templates/redwoods_above.jpg|tuxpaint-redwoods_above.jpg|Bill Kendrick|GPL-2+
restore-train|tuxpaint-data|usr/share/tuxpaint/templates/rocks.jpg|tuxpaint-rocks.jpg|Bill Kendrick|GPL-2+
restore-train|tuxpaint-data|usr/share/tuxpaint/templates/sheep.jpg|tuxpaint-sheep.jpg|Bill Kendrick|GPL-2+
restore-train|tuxpaint-data|usr/share/tuxpaint/templates/spiders_web.jpg|tuxpaint-spiders_web.jpg|Bill Kendrick|GPL-2+
restore-train|tuxpaint-data|usr/share/tuxpaint/templates/sun_behind_clouds.jpg|tuxpaint-sun_behind_clouds.jpg|Bill Kendrick|GPL-2+
restore-train|tuxpaint-data|usr/share/tuxpaint/templates/sun_behind_leaves.jpg|tuxpaint-sun_behind_leaves.jpg|Bill Kendrick|GPL-2+
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/badlands0@2x.jpg|esky-badlands0.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/badlands1@2x.jpg|esky-badlands1.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/badlands2@2x.jpg|esky-badlands2.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/badlands3@2x.jpg|esky-badlands3.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/badlands4@2x.jpg|esky-badlands4.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/badlands5@2x.jpg|esky-badlands5.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/badlands6@2x.jpg|esky-badlands6.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/badlands7@2x.jpg|esky-badlands7.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/badlands8@2x.jpg|esky-badlands8.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/badlands9-harro@2x.jpg|esky-badlands9-harro.jpg|@harro.eu|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/beach0@2x.jpg|esky-beach0.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/beach10-sfiera@2x.jpg|esky-beach10-sfiera.jpg|Chris Pickel|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/beach11-harro@2x.jpg|esky-beach11-harro.jpg|@harro.eu|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/beach12-harro@2x.jpg|esky-beach12-harro.jpg|@harro.eu|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/beach1@2x.jpg|esky-beach1.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/beach2@2x.jpg|esky-beach2.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/beach3@2x.jpg|esky-beach3.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/beach4@2x.jpg|esky-beach4.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/beach5@2x.jpg|esky-beach5.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/beach6@2x.jpg|esky-beach6.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/beach7-sfiera@2x.jpg|esky-beach7-sfiera.jpg|Chris Pickel|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/beach8-sfiera@2x.jpg|esky-beach8-sfiera.jpg|Chris Pickel|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/beach9-sfiera@2x.jpg|esky-beach9-sfiera.jpg|Chris Pickel|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/bwerner0@2x.jpg|esky-bwerner0.jpg|Berthold Werner|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/bwerner1@2x.jpg|esky-bwerner1.jpg|Berthold Werner|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/bwerner2@2x.jpg|esky-bwerner2.jpg|Berthold Werner|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/bwerner3@2x.jpg|esky-bwerner3.jpg|Berthold Werner|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/bwerner4@2x.jpg|esky-bwerner4.jpg|Berthold Werner|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/bwerner5@2x.jpg|esky-bwerner5.jpg|Berthold Werner|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/bwerner6@2x.jpg|esky-bwerner6.jpg|Berthold Werner|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/bwerner7@2x.jpg|esky-bwerner7.jpg|Berthold Werner|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/bwerner8@2x.jpg|esky-bwerner8.jpg|Berthold Werner|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/canyon01@2x.jpg|esky-canyon01.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/canyon02@2x.jpg|esky-canyon02.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/canyon03@2x.jpg|esky-canyon03.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/canyon04@2x.jpg|esky-canyon04.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/canyon05@2x.jpg|esky-canyon05.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/canyon0@2x.jpg|esky-canyon0.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/canyon10-harro@2x.jpg|esky-canyon10-harro.jpg|@harro.eu|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/canyon1@2x.jpg|esky-canyon1.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/canyon2@2x.jpg|esky-canyon2.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/canyon3@2x.jpg|esky-canyon3.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/canyon4@2x.jpg|esky-canyon4.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/canyon5@2x.jpg|esky-canyon5.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/canyon6@2x.jpg|esky-canyon6.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/canyon7@2x.jpg|esky-canyon7.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/canyon8@2x.jpg|esky-canyon8.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/canyon9@2x.jpg|esky-canyon9.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/city0@2x.jpg|esky-city0.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/city10@2x.jpg|esky-city10.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/city11@2x.jpg|esky-city11.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/city12@2x.jpg|esky-city12.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/city13-sfiera@2x.jpg|esky-city13-sfiera.jpg|Chris Pickel|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/city14-sfiera@2x.jpg|esky-city14-sfiera.jpg|Chris Pickel|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/city15-sfiera@2x.jpg|esky-city15-sfiera.jpg|Chris Pickel|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/city16-sfiera@2x.jpg|esky-city16-sfiera.jpg|Chris Pickel|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/city17-sfiera@2x.jpg|esky-city17-sfiera.jpg|Chris Pickel|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/city18-iridium@2x.jpg|esky-city18-iridium.jpg|@Iridium Ore|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/city1@2x.jpg|esky-city1.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/city2@2x.jpg|esky-city2.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/city3@2x.jpg|esky-city3.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/city4@2x.jpg|esky-city4.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/city5@2x.jpg|esky-city5.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/city6@2x.jpg|esky-city6.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/city7@2x.jpg|esky-city7.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/city8@2x.jpg|esky-city8.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/city9@2x.jpg|esky-city9.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/desert0@2x.jpg|esky-desert0.jpg|NASA|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/desert10-harro@2x.jpg|esky-desert10-harro.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/desert1@2x.jpg|esky-desert1.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/desert2@2x.jpg|esky-desert2.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/desert3@2x.jpg|esky-desert3.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/desert4@2x.jpg|esky-desert4.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/desert5@2x.jpg|esky-desert5.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/desert6@2x.jpg|esky-desert6.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/desert7@2x.jpg|esky-desert7.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/desert8-sfiera@2x.jpg|esky-desert8-sfiera.jpg|Chris Pickel|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/desert9-sfiera@2x.jpg|esky-desert9-sfiera.jpg|Chris Pickel|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/dmottl0@2x.jpg|esky-dmottl0.jpg|Dmitry A. Mottl|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/dmottl1@2x.jpg|esky-dmottl1.jpg|Dmitry A. Mottl|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/dmottl2@2x.jpg|esky-dmottl2.jpg|Dmitry A. Mottl|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/dmottl3@2x.jpg|esky-dmottl3.jpg|Dmitry A. Mottl|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/dmottl4@2x.jpg|esky-dmottl4.jpg|Dmitry A. Mottl|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/dmottl5@2x.jpg|esky-dmottl5.jpg|Dmitry A. Mottl|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/dune0@2x.jpg|esky-dune0.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/dune1@2x.jpg|esky-dune1.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/dune2@2x.jpg|esky-dune2.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/dune3@2x.jpg|esky-dune3.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/dune4@2x.jpg|esky-dune4.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/dune5@2x.jpg|esky-dune5.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/dune6-harro@2x.jpg|esky-dune6-harro.jpg|@harro.eu|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/earthrise@2x.jpg|esky-earthrise.jpg|NASA|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/fields0@2x.jpg|esky-fields0.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/fields10-sfiera@2x.jpg|esky-fields10-sfiera.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/fields11-sfiera@2x.jpg|esky-fields11-sfiera.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/fields12-sfiera@2x.jpg|esky-fields12-sfiera.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/fields13-sfiera@2x.jpg|esky-fields13-sfiera.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/fields1@2x.jpg|esky-fields1.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/fields2@2x.jpg|esky-fields2.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/fields3@2x.jpg|esky-fields3.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/fields4@2x.jpg|esky-fields4.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/fields5@2x.jpg|esky-fields5.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/fields6@2x.jpg|esky-fields6.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/fields7@2x.jpg|esky-fields7.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/fields8@2x.jpg|esky-fields8.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/fields9@2x.jpg|esky-fields9.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/fog0@2x.jpg|esky-fog0.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/fog1@2x.jpg|esky-fog1.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/fog2@2x.jpg|esky-fog2.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/fog3@2x.jpg|esky-fog3.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/fog4@2x.jpg|esky-fog4.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/fog5@2x.jpg|esky-fog5.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/fog6@2x.jpg|esky-fog6.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/fog7@2x.jpg|esky-fog7.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/forest0@2x.jpg|esky-forest0.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/forest1@2x.jpg|esky-forest1.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/forest2@2x.jpg|esky-forest2.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/forest3@2x.jpg|esky-forest3.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/forest4@2x.jpg|esky-forest4.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/forest5@2x.jpg|esky-forest5.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/hills0@2x.jpg|esky-hills0.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/hills1@2x.jpg|esky-hills1.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/hills2@2x.jpg|esky-hills2.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/hills3@2x.jpg|esky-hills3.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/hills4@2x.jpg|esky-hills4.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/hills5-sfiera@2x.jpg|esky-hills5-sfiera.jpg|Chris Pickel|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/hills6-sfiera@2x.jpg|esky-hills6-sfiera.jpg|Chris Pickel|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/hills7-harro@2x.jpg|esky-hills7-harro.jpg|@harro.eu|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/industrial0-iridium@2x.jpg|esky-industrial0-iridium.jpg|@Iridium Ore|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/lava0@2x.jpg|esky-lava0.jpg|USGS|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/lava1@2x.jpg|esky-lava1.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/lava2@2x.jpg|esky-lava2.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/lava3@2x.jpg|esky-lava3.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/lava4@2x.jpg|esky-lava4.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/lava5@2x.jpg|esky-lava5.jpg|Michael Zahniser|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/lava6@2x.jpg|esky-lava6.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/lava7-sfiera@2x.jpg|esky-lava7-sfiera.jpg|Chris Pickel|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/loc0@2x.jpg|esky-loc0.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/loc1@2x.jpg|esky-loc1.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/loc2@2x.jpg|esky-loc2.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mfield0@2x.jpg|esky-mfield0.jpg|Matthew Field|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mfield1@2x.jpg|esky-mfield1.jpg|Matthew Field|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mfield2@2x.jpg|esky-mfield2.jpg|Matthew Field|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mfield3@2x.jpg|esky-mfield3.jpg|Matthew Field|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mfield4@2x.jpg|esky-mfield4.jpg|Matthew Field|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mfield5@2x.jpg|esky-mfield5.jpg|Matthew Field|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mountain0@2x.jpg|esky-mountain0.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mountain10-sfiera@2x.jpg|esky-mountain10-sfiera.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mountain11-sfiera@2x.jpg|esky-mountain11-sfiera.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mountain12-sfiera@2x.jpg|esky-mountain12-sfiera.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mountain13-sfiera@2x.jpg|esky-mountain13-sfiera.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mountain14-sfiera@2x.jpg|esky-mountain14-sfiera.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mountain15-sfiera@2x.jpg|esky-mountain15-sfiera.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mountain16-striker@2x.jpg|esky-mountain16-striker.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mountain17-harro@2x.jpg|esky-mountain17-harro.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mountain18-harro@2x.jpg|esky-mountain18-harro.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mountain19-harro@2x.jpg|esky-mountain19-harro.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mountain1@2x.jpg|esky-mountain1.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mountain20-harro@2x.jpg|esky-mountain20-harro.jpg|@harro.eu|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mountain21-harro@2x.jpg|esky-mountain21-harro.jpg|@harro.eu|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mountain22-spfld@2x.jpg|esky-mountain22-spfld.jpg|Eric Denni|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mountain23-spfld@2x.jpg|esky-mountain23-spfld.jpg|Eric Denni|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mountain24-spfld@2x.jpg|esky-mountain24-spfld.jpg|Eric Denni|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mountain25-spfld@2x.jpg|esky-mountain25-spfld.jpg|Eric Denni|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mountain2@2x.jpg|esky-mountain2.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mountain3@2x.jpg|esky-mountain3.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mountain4@2x.jpg|esky-mountain4.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mountain5@2x.jpg|esky-mountain5.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mountain6@2x.jpg|esky-mountain6.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mountain7@2x.jpg|esky-mountain7.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mountain8@2x.jpg|esky-mountain8.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/mountain9@2x.jpg|esky-mountain9.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/myrabella0@2x.jpg|esky-myrabella0.jpg|Myrabella|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/myrabella1@2x.jpg|esky-myrabella1.jpg|Myrabella|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/myrabella2@2x.jpg|esky-myrabella2.jpg|Myrabella|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/myrabella3@2x.jpg|esky-myrabella3.jpg|Myrabella|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/myrabella4@2x.jpg|esky-myrabella4.jpg|Myrabella|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/myrabella5@2x.jpg|esky-myrabella5.jpg|Myrabella|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/myrabella6@2x.jpg|esky-myrabella6.jpg|Myrabella|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/myrabella7@2x.jpg|esky-myrabella7.jpg|Myrabella|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/myrabella8@2x.jpg|esky-myrabella8.jpg|Myrabella|CC-BY-SA-3.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/nasa0@2x.jpg|esky-nasa0.jpg|NASA|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/nasa1@2x.jpg|esky-nasa1.jpg|NASA|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/nasa2@2x.jpg|esky-nasa2.jpg|NASA|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/nasa3@2x.jpg|esky-nasa3.jpg|NASA|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/nasa4@2x.jpg|esky-nasa4.jpg|NASA|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/nasa5@2x.jpg|esky-nasa5.jpg|NASA|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/nasa6@2x.jpg|esky-nasa6.jpg|NASA|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/nasa7@2x.jpg|esky-nasa7.jpg|NASA|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/sea0@2x.jpg|esky-sea0.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/sea10-sfiera@2x.jpg|esky-sea10-sfiera.jpg|Chris Pickel|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/sea11-sfiera@2x.jpg|esky-sea11-sfiera.jpg|Chris Pickel|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/sea12-sfiera@2x.jpg|esky-sea12-sfiera.jpg|Chris Pickel|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/sea13-sfiera@2x.jpg|esky-sea13-sfiera.jpg|Chris Pickel|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/sea14-sfiera@2x.jpg|esky-sea14-sfiera.jpg|Chris Pickel|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/sea15-harro@2x.jpg|esky-sea15-harro.jpg|@harro.eu|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/sea16-harro@2x.jpg|esky-sea16-harro.jpg|@harro.eu|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/sea17-harro@2x.jpg|esky-sea17-harro.jpg|@harro.eu|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/sea1@2x.jpg|esky-sea1.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/sea2@2x.jpg|esky-sea2.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/sea3@2x.jpg|esky-sea3.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/sea4@2x.jpg|esky-sea4.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/sea5@2x.jpg|esky-sea5.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/sea6@2x.jpg|esky-sea6.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/sea7@2x.jpg|esky-sea7.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/sea8@2x.jpg|esky-sea8.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/sea9@2x.jpg|esky-sea9.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/sky0@2x.jpg|esky-sky0.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/sky1@2x.jpg|esky-sky1.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/sky2@2x.jpg|esky-sky2.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/sky3@2x.jpg|esky-sky3.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/sky4@2x.jpg|esky-sky4.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/sky5@2x.jpg|esky-sky5.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/sky6@2x.jpg|esky-sky6.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/sky7@2x.jpg|esky-sky7.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/sky8@2x.jpg|esky-sky8.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/sky9@2x.jpg|esky-sky9.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/snow0@2x.jpg|esky-snow0.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/snow10-sfiera@2x.jpg|esky-snow10-sfiera.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/snow10@2x.jpg|esky-snow10.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/snow11-sfiera@2x.jpg|esky-snow11-sfiera.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/snow1@2x.jpg|esky-snow1.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/snow2@2x.jpg|esky-snow2.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/snow3@2x.jpg|esky-snow3.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/snow4@2x.jpg|esky-snow4.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/snow5@2x.jpg|esky-snow5.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/snow6@2x.jpg|esky-snow6.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/snow7@2x.jpg|esky-snow7.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/snow8@2x.jpg|esky-snow8.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/snow9@2x.jpg|esky-snow9.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/space0@2x.jpg|esky-space0.jpg|NASA|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/space1@2x.jpg|esky-space1.jpg|NASA|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/space2@2x.jpg|esky-space2.jpg|NASA|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/space3@2x.jpg|esky-space3.jpg|NASA|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/space4@2x.jpg|esky-space4.jpg|NASA|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/space5@2x.jpg|esky-space5.jpg|NASA|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/space7@2x.jpg|esky-space7.jpg|NASA|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/station0@2x.jpg|esky-station0.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/station1@2x.jpg|esky-station1.jpg|NASA|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/station2@2x.jpg|esky-station2.jpg|NASA|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/station3@2x.jpg|esky-station3.jpg|NASA|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/station4@2x.jpg|esky-station4.jpg|NASA|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/valley0@2x.jpg|esky-valley0.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/valley10-sfiera@2x.jpg|esky-valley10-sfiera.jpg|Chris Pickel|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/valley11-harro@2x.jpg|esky-valley11-harro.jpg|@harro.eu|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/valley12-harro@2x.jpg|esky-valley12-harro.jpg|@harro.eu|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/valley13-harro@2x.jpg|esky-valley13-harro.jpg|@harro.eu|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/valley14-harro@2x.jpg|esky-valley14-harro.jpg|@harro.eu|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/valley15-harro@2x.jpg|esky-valley15-harro.jpg|@harro.eu|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/valley1@2x.jpg|esky-valley1.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/valley2@2x.jpg|esky-valley2.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/valley3@2x.jpg|esky-valley3.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/valley4@2x.jpg|esky-valley4.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/valley5@2x.jpg|esky-valley5.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/valley6@2x.jpg|esky-valley6.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/valley7@2x.jpg|esky-valley7.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/valley8@2x.jpg|esky-valley8.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/valley9@2x.jpg|esky-valley9.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/water0@2x.jpg|esky-water0.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/water10-harro@2x.jpg|esky-water10-harro.jpg|@harro.eu|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/water11-harro@2x.jpg|esky-water11-harro.jpg|@harro.eu|CC-BY-SA-4.0
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/water1@2x.jpg|esky-water1.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/water2@2x.jpg|esky-water2.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/water3@2x.jpg|esky-water3.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/water4@2x.jpg|esky-water4.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/water5@2x.jpg|esky-water5.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/water6@2x.jpg|esky-water6.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/water7@2x.jpg|esky-water7.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/water8@2x.jpg|esky-water8.jpg|morguefile.com contributors|public-domain
restore-train|endless-sky-high-dpi|usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land/water9@2x.jpg|esky-water9.jpg|morguefile.com contributors|public-domain
restore-eval|palapeli-data|usr/share/palapeli/collection/castle-maintenon.jpg|palapeli-castle-maintenon.jpg|Eric Pouhier|GFDL (castle-maintenon.desktop), GPL-2+ (debian/copyright)
restore-eval|palapeli-data|usr/share/palapeli/collection/cincinnati-bridge.jpg|palapeli-cincinnati-bridge.jpg|Derek Jensen|public domain (cincinnati-bridge.desktop), GPL-2+ (debian/copyright)
restore-eval|palapeli-data|usr/share/palapeli/collection/citrus-fruits.jpg|palapeli-citrus-fruits.jpg|US Department of Agriculture|public domain (citrus-fruits.desktop), GPL-2+ (debian/copyright)
restore-eval|palapeli-data|usr/share/palapeli/collection/european-honey-bee.jpg|palapeli-european-honey-bee.jpg|John Severns|public domain (european-honey-bee.desktop), GPL-2+ (debian/copyright)
restore-eval|palapeli-data|usr/share/palapeli/collection/panther-chameleon-female.jpg|palapeli-panther-chameleon-female.jpg|B. Navez and others|GFDL (panther-chameleon-female.desktop), GPL-2+ (debian/copyright)
restore-eval|opencv-doc|usr/share/doc/opencv-doc/examples/text/scenetext01.jpg|opencv-scenetext01.jpg|OpenCV sample data (photographer not named)|Apache-2.0 AND BSD-3-Clause (debian/copyright)
restore-eval|opencv-doc|usr/share/doc/opencv-doc/examples/text/scenetext02.jpg|opencv-scenetext02.jpg|OpenCV sample data (photographer not named)|Apache-2.0 AND BSD-3-Clause (debian/copyright)
restore-eval|opencv-doc|usr/share/doc/opencv-doc/examples/text/scenetext03.jpg|opencv-scenetext03.jpg|OpenCV sample data (photographer not named)|Apache-2.0 AND BSD-3-Clause (debian/copyright)
restore-eval|opencv-doc|usr/share/doc/opencv-doc/examples/text/scenetext04.jpg|opencv-scenetext04.jpg|OpenCV sample data (photographer not named)|Apache-2.0 AND BSD-3-Clause (debian/copyright)
restore-eval|opencv-doc|usr/share/doc/opencv-doc/examples/text/scenetext05.jpg|opencv-scenetext05.jpg|OpenCV sample data (photographer not named)|Apache-2.0 AND BSD-3-Clause (debian/copyright)
restore-eval|opencv-doc|usr/share/doc/opencv-doc/examples/data/aloeL.jpg|opencv-aloeL.jpg|OpenCV sample data (photographer not named)|Apache-2.0 AND BSD-3-Clause (debian/copyright)
restore-eval|opencv-doc|usr/share/doc/opencv-doc/examples/data/graf1.png|opencv-graf1.png|OpenCV sample data (photographer not named)|Apache-2.0 AND BSD-3-Clause (debian/copyright)
restore-eval|opencv-doc|usr/share/doc/opencv-doc/examples/data/graf3.png|opencv-graf3.png|OpenCV sample data (photographer not named)|Apache-2.0 AND BSD-3-Clause (debian/copyright)
restore-eval|opencv-doc|usr/share/doc/opencv-doc/examples/data/building.jpg|opencv-building.jpg|OpenCV sample data (photographer not named)|Apache-2.0 AND BSD-3-Clause (debian/copyright)
restore-eval|opencv-doc|usr/share/doc/opencv-doc/examples/data/ela_original.jpg|opencv-ela_original.jpg|OpenCV sample data (photographer not named)|Apache-2.0 AND BSD-3-Clause (debian/copyright)
restore-eval|opencv-doc|usr/share/doc/opencv-doc/opencv4/html/detect_test1.jpg|opencv-detect_test1.jpg|OpenCV documentation (photographer not named)|Apache-2.0 AND BSD-3-Clause (debian/copyright)
restore-eval|opencv-doc|usr/share/doc/opencv-doc/opencv4/html/detect_test2.jpg|opencv-detect_test2.jpg|OpenCV documentation (photographer not named)|Apache-2.0 AND BSD-3-Clause (debian/copyright)
restore-eval|sddm-theme-maldives|usr/share/sddm/themes/maldives/background.jpg|sddm-maldives-background.jpg|Nevit Dilmen|CC-BY-3.0
restore-eval|digikam-data|usr/share/digikam/about/images/body-background.jpg|digikam-body-background.jpg|digiKam authors|GPL-2+
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
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_base/wall1.jpg|ufoai-base-wall1.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/9gratefloor01b.jpg|ufoai-buildings-9gratefloor01b.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/carpet001.png|ufoai-buildings-carpet001.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/carpet002.png|ufoai-buildings-carpet002.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/carpet003.png|ufoai-buildings-carpet003.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/carpet009.png|ufoai-buildings-carpet009.png|UFO:AI Team and contributors (names for its group in the copyright file)|public-domain (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/carpet011.png|ufoai-buildings-carpet011.png|UFO:AI Team and contributors (names for its group in the copyright file)|public-domain (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/carpet015.png|ufoai-buildings-carpet015.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/carpet018.png|ufoai-buildings-carpet018.png|UFO:AI Team and contributors (names for its group in the copyright file)|public-domain (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/carpet019.png|ufoai-buildings-carpet019.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/carpet026.png|ufoai-buildings-carpet026.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/ceiling.jpg|ufoai-buildings-ceiling.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/floor008.png|ufoai-buildings-floor008.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/floor012.jpg|ufoai-buildings-floor012.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/floor013.png|ufoai-buildings-floor013.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/floor021.png|ufoai-buildings-floor021.png|UFO:AI Team and contributors (names for its group in the copyright file)|CC-BY-3.0 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/floor035.png|ufoai-buildings-floor035.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/floor036.png|ufoai-buildings-floor036.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/floor039.png|ufoai-buildings-floor039.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/floor_se01.png|ufoai-buildings-floor_se01.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/floor_se02.png|ufoai-buildings-floor_se02.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/floor_se04.png|ufoai-buildings-floor_se04.png|UFO:AI Team and contributors (names for its group in the copyright file)|CC-BY-SA-3.0 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/floor_wood01.png|ufoai-buildings-floor_wood01.png|UFO:AI Team and contributors (names for its group in the copyright file)|public-domain (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/metal01.png|ufoai-buildings-metal01.png|UFO:AI Team and contributors (names for its group in the copyright file)|public-domain (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/metal02.png|ufoai-buildings-metal02.png|UFO:AI Team and contributors (names for its group in the copyright file)|public-domain (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/metal_window.png|ufoai-buildings-metal_window.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/q1metal7_99.jpg|ufoai-buildings-q1metal7_99.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/roof004.png|ufoai-buildings-roof004.png|UFO:AI Team and contributors (names for its group in the copyright file)|public-domain (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/roof006.png|ufoai-buildings-roof006.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/roof12.png|ufoai-buildings-roof12.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/solar.jpg|ufoai-buildings-solar.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|public-domain (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/surface2.jpg|ufoai-buildings-surface2.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/tin_floor04ach.jpg|ufoai-buildings-tin_floor04ach.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/wall041.png|ufoai-buildings-wall041.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/wall043.png|ufoai-buildings-wall043.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/wall044.png|ufoai-buildings-wall044.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/wall_brick01.png|ufoai-buildings-wall_brick01.png|UFO:AI Team and contributors (names for its group in the copyright file)|CC-BY-SA-3.0 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/window012.png|ufoai-buildings-window012.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings/woodceiling1a.jpg|ufoai-buildings-woodceiling1a.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_buildings_snow/wall002.png|ufoai-buildings_snow-wall002.png|UFO:AI Team and contributors (names for its group in the copyright file)|CC-BY-SA-3.0 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_ctp1/bricks_g_1.jpg|ufoai-ctp1-bricks_g_1.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_ctp1/bricks_m_1.jpg|ufoai-ctp1-bricks_m_1.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_ctp1/bricks_r_3.jpg|ufoai-ctp1-bricks_r_3.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_ctp1/bricks_t_5.jpg|ufoai-ctp1-bricks_t_5.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_ctp1/bricks_w_1.jpg|ufoai-ctp1-bricks_w_1.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_ctp1/concrete_s_1.jpg|ufoai-ctp1-concrete_s_1.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_ctp1/door_b_1.jpg|ufoai-ctp1-door_b_1.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_ctp1/door_r_1.jpg|ufoai-ctp1-door_r_1.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_ctp1/door_w_1.jpg|ufoai-ctp1-door_w_1.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_ctp1/woodb_5.jpg|ufoai-ctp1-woodb_5.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_doors/door014.png|ufoai-doors-door014.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_doors/door015.png|ufoai-doors-door015.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_doors/metaldoor.jpg|ufoai-doors-metaldoor.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_furniture/couch_d.png|ufoai-furniture-couch_d.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_furniture/textil003.png|ufoai-furniture-textil003.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_material/metal002.png|ufoai-material-metal002.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_material/metall007.png|ufoai-material-metall007.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2 (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_material/wood003.png|ufoai-material-wood003.png|UFO:AI Team and contributors (names for its group in the copyright file)|public-domain (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/door016.jpg|ufoai-mattn-door016.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/door027.jpg|ufoai-mattn-door027.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/door031.jpg|ufoai-mattn-door031.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/door037.jpg|ufoai-mattn-door037.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/door045.jpg|ufoai-mattn-door045.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/door046.jpg|ufoai-mattn-door046.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/door055.jpg|ufoai-mattn-door055.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/door059.jpg|ufoai-mattn-door059.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/door061.png|ufoai-mattn-door061.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/floor009.jpg|ufoai-mattn-floor009.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/floor011.jpg|ufoai-mattn-floor011.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/roof008.jpg|ufoai-mattn-roof008.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/wall008.jpg|ufoai-mattn-wall008.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/wall034.jpg|ufoai-mattn-wall034.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/wall047.jpg|ufoai-mattn-wall047.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/wall049.jpg|ufoai-mattn-wall049.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/wall053.jpg|ufoai-mattn-wall053.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/wall054.jpg|ufoai-mattn-wall054.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/wall065.jpg|ufoai-mattn-wall065.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/wall067.jpg|ufoai-mattn-wall067.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/wall071.jpg|ufoai-mattn-wall071.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/wall078.jpg|ufoai-mattn-wall078.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/wall079.jpg|ufoai-mattn-wall079.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/wall089.png|ufoai-mattn-wall089.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/wall_bricks002.jpg|ufoai-mattn-wall_bricks002.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/wall_bricks005.jpg|ufoai-mattn-wall_bricks005.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/wall_bricks006.png|ufoai-mattn-wall_bricks006.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/wood008.jpg|ufoai-mattn-wood008.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/wood013.jpg|ufoai-mattn-wood013.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/wood015.jpg|ufoai-mattn-wood015.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_mattn/wood016.jpg|ufoai-mattn-wood016.jpg|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_misc/container002.png|ufoai-misc-container002.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_misc/container004.png|ufoai-misc-container004.png|UFO:AI Team and contributors (names for its group in the copyright file)|GPL-2+ (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_trak/trak4_brick2a.png|ufoai-trak-trak4_brick2a.png|Georges "TRaK" Grondin|Expat (debian/copyright)
negative|ufoai-textures|usr/share/games/ufoai/base/0textures.pk3!textures/tex_trak/trak4_brick2b.png|ufoai-trak-trak4_brick2b.png|Georges "TRaK" Grondin|Expat (debian/copyright)
'
allRows() { printf '%s\n' "$PHOTOS" | sed '/^$/d'; }
# What this call fetches, one line per copy: cache folder|package|path|name. The train rows go to
# .cache/train-photos with --train and to .cache/restore-train-photos with --restore-train.
wanted() {
  allRows | while IFS='|' read -r set pkg src name _ _; do
    case "$set" in
      eval) echo ".cache/photos|$pkg|$src|$name" ;;
      train)
        if [ "$TRAIN" = 1 ]; then echo ".cache/train-photos|$pkg|$src|$name"; fi
        if [ "$RESTORE_TRAIN" = 1 ]; then echo ".cache/restore-train-photos|$pkg|$src|$name"; fi ;;
      restore-train) if [ "$RESTORE_TRAIN" = 1 ]; then echo ".cache/restore-train-photos|$pkg|$src|$name"; fi ;;
      restore-eval) if [ "$RESTORE_EVAL" = 1 ]; then echo ".cache/restore-eval-photos|$pkg|$src|$name"; fi ;;
      pattern) if [ "$PATTERNS" = 1 ]; then echo ".cache/pattern-photos|$pkg|$src|$name"; fi ;;
      negative) if [ "$NEGATIVES" = 1 ]; then echo ".cache/negative-photos|$pkg|$src|$name"; fi ;;
      *) echo "fetch-photos: unknown set $set in the table" >&2; exit 1 ;;
    esac
  done
}

missing=0
while IFS='|' read -r cache _ _ name; do [ -s "$cache/$name" ] || missing=1; done < <(wanted)
if [ "$missing" = 0 ]; then say "photos already in .cache"; exit 0; fi

command -v apt-get >/dev/null || { echo "fetch-photos: apt-get not found; the photos come from Debian packages" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"  # apt's sandbox user must be able to write here
packages=$(wanted | cut -d'|' -f2 | sort -u)
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
if wanted | cut -d'|' -f3 | grep -q '!'; then
  command -v unzip >/dev/null || { echo "fetch-photos: unzip not found; some photos are inside zip archives (apt-get install unzip)" >&2; exit 1; }
fi
# Copies one file of an extracted package to DEST: a plain path, or ARCHIVE!MEMBER for a file inside a zip.
copyOut() {
  local root=$1 src=$2 dest=$3
  case "$src" in
    *'!'*)
      local archive=${src%%!*} member=${src#*!}
      [ -f "$root/$archive" ] && unzip -p "$root/$archive" "$member" > "$dest" 2>/dev/null && [ -s "$dest" ] ;;
    *) [ -f "$root/$src" ] && cp "$root/$src" "$dest" ;;
  esac
}
while IFS='|' read -r cache pkg src name; do
  mkdir -p "$cache"
  copyOut "$tmp/x/$pkg" "$src" "$cache/.$name.tmp" || { rm -f "$cache/.$name.tmp"; echo "fetch-photos: $src not found in package $pkg" >&2; exit 1; }
  cp "$tmp/x/$pkg/usr/share/doc/$pkg/copyright" "$cache/$pkg.copyright"
  mv "$cache/.$name.tmp" "$cache/$name"
done < <(wanted)

# The licence list is derived from the whole table (every set), so it never drifts from what is fetched.
countOf() { allRows | grep -c "^$1|"; }
# "N from PACKAGE, ..." for one set, largest first.
byPackage() { allRows | awk -F'|' -v set="$1" '$1 == set { print $2 }' | sort | uniq -c | sort -k1,1nr -k2 | awk '{ printf "%s%d from %s", (NR > 1 ? ", " : ""), $1, $2 }'; }
{
  echo '# Photographs used by the mosaic detectors and the restorer'
  echo
  echo 'Fetched by `scripts/fetch-photos.sh` from Debian 12 packages; only the three demo photos below are committed. Each package'"'"'s'
  echo '`debian/copyright` is copied beside its images as `PACKAGE.copyright`.'
  echo
  echo '- **eval** (`.cache/photos/`, fetched by `scripts/setup.sh`): photographs only. The tests and'
  echo '  benchmarks measure both detectors on these.'
  echo '- **train** (`.cache/train-photos/`, `bash scripts/fetch-photos.sh --train`): what'
  echo '  `tessera train mosaic-detector` learns from; photographs and a few illustrations. No image is in both sets.'
  echo "- **restore-train** (\`.cache/restore-train-photos/\`, \`bash scripts/fetch-photos.sh --restore-train\`): what the"
  echo "  restorer learns from: the $(countOf train) train photos plus $(countOf restore-train) photographs at the packages' full size:"
  echo "  $(byPackage restore-train)."
  echo "- **restore-eval** (\`.cache/restore-eval-photos/\`, \`bash scripts/fetch-photos.sh --restore-eval\`): $(countOf restore-eval)"
  echo "  photographs the restorer is measured on, from packages that feed no training set: $(byPackage restore-eval)."
  echo '- **pattern** (`.cache/pattern-photos/`, `bash scripts/fetch-photos.sh --patterns`): photographs of regular'
  echo '  structure (circuit board, brick, façades and windows, checkerboards, printed and written text, machinery,'
  echo '  lattice towers) that a mosaic detector must leave alone; evaluation only, never trained on.'
  echo "- **negative** (\`.cache/negative-photos/\`, \`bash scripts/fetch-photos.sh --negatives\`): $(countOf negative)"
  echo '  photographic game textures of regular structure (brick and stone walls, floor tiles, parquet, cobbles, planks,'
  echo '  roller shutters and garage doors, façades and windows, metal grating and sheet, woven rugs, shipping'
  echo "  containers) for training the detector to leave such structure alone: $(byPackage negative). No package of"
  echo '  theirs feeds another set. A path `ARCHIVE!MEMBER` is a file inside the zip archive ARCHIVE of the package.'
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
say "$(wanted | wc -l) images in .cache"
