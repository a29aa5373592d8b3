#!/usr/bin/env bash
# Installs the Debian 12 packages the project needs, only those missing. Needs root (or sudo) when
# anything is missing. Usage: scripts/install-deps.sh [--quality]   (--quality adds clang, its
# sanitizer runtime and clang-tidy, for the sanitizer, fuzzing and static-analysis jobs, and
# dpkg-dev and file, which cpack's dpkg-shlibdeps step needs, for the package job)
set -euo pipefail

packages=(g++ cmake make binutils pkg-config ca-certificates openssl
          libpoco-dev nlohmann-json3-dev libboost-dev catch2 libssl-dev zlib1g-dev)
if [[ "${1:-}" == "--quality" ]]; then
  packages+=(clang libclang-rt-14-dev clang-tidy dpkg-dev file)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "install-deps: installing ${missing[*]}"
as_root=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root to install: ${missing[*]}" >&2; exit 1; }
  as_root=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
