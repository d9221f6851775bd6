#!/usr/bin/env bash
# Installs the Debian packages GmcRL needs at run time and in its tests (fonts for plot text, ffmpeg for MP4
# replays, Chromium for the replay viewer's test) where they are missing. Safe to run again; needs root (or sudo)
# only when something is missing.
set -euo pipefail
need=()
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
command -v python3 >/dev/null || need+=(python3)
command -v ffmpeg >/dev/null || need+=(ffmpeg)        # MP4 replays (gmcrl render)
command -v chromium >/dev/null || need+=(chromium)    # the replay viewer's test in headless Chromium
if [ ${#need[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}"
fi
