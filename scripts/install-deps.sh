#!/usr/bin/env bash
# Installs the Debian 12 packages norboot builds with (DESIGN.md §5). Idempotent; root or sudo.
# NORBOOT_TARGET=1 adds the Cortex-M toolchain and QEMU (issue 7) for the target build and tests.
set -euo pipefail
pkgs=(build-essential cmake ninja-build pkg-config git
      libgtest-dev libgmock-dev googletest libbenchmark-dev
      libssl-dev libcbor-dev libcli11-dev libfmt-dev nlohmann-json3-dev
      device-tree-compiler libfdt-dev libyaml-cpp-dev
      clang-14 libclang-rt-14-dev python3 socat)
if [[ "${NORBOOT_TARGET:-1}" == 1 ]]; then
  pkgs+=(gcc-arm-none-eabi libstdc++-arm-none-eabi-newlib picolibc-arm-none-eabi qemu-system-arm)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
