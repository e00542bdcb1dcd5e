#!/usr/bin/env bash
# Installs what the build and the tests need, when it is missing: Debian
# packages (apt-get) and a Python virtual environment (.venv) with pinned
# packages. Idempotent; fast when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

DEB_PACKAGES=(
  cmake ninja-build g++ pkg-config
  libicu-dev
  libgtest-dev libgmock-dev
  libbenchmark-dev
  libphonenumber-dev
  nlohmann-json3-dev
  libzip-dev libexpat1-dev
  libboost-dev libssl-dev openssl
  libsqlite3-dev libpq-dev postgresql
  python3-venv python3-dev
  openjdk-17-jdk-headless maven
)

missing=()
for p in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Python environment for the metadata compiler and the differential tests.
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "bootstrap: creating .venv"
  "$PY" -m venv .venv
fi
req=tools/requirements.txt
stamp=.venv/.requirements.sha256
want=$(sha256sum "$req" | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "bootstrap: installing Python packages from $req"
  .venv/bin/python -m pip install -q --disable-pip-version-check -r "$req"
  echo "$want" > "$stamp"
fi
