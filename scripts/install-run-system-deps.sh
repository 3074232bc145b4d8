#!/usr/bin/env bash
# Installs the Debian packages ANTQ needs at run time beyond Python, only when one is missing:
#   fonts-liberation2            "Liberation Serif", the Times-metric font the certificate PDF names
#                                (1.07 "fonts-liberation" lacks the Vietnamese glyphs)
#   libpango-1.0-0, libpangoft2  text layout for WeasyPrint (the certificate PDF); usually present
#   libreoffice-writer-nogui     soffice, which turns the year's report .docx into its PDF
# When everything is present this touches neither apt nor the network. Without root it only says what
# is missing: the application still runs, but certificates fall back to DejaVu Serif or cannot be drawn,
# and the year's report is offered as .docx only.
set -euo pipefail

packages=()
dpkg-query -W -f='${Status}' fonts-liberation2 2>/dev/null | grep -q "install ok installed" || packages+=(fonts-liberation2)
ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so" || packages+=(libpango-1.0-0)
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so" || packages+=(libpangoft2-1.0-0)
command -v soffice >/dev/null 2>&1 || packages+=(libreoffice-writer-nogui)

if [[ ${#packages[@]} -eq 0 ]]; then
    exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
    echo "install-run-system-deps: missing ${packages[*]} (needed for the certificate and report PDFs); install them as root:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages[*]}" >&2
    exit 0
fi

echo "install-run-system-deps: installing ${packages[*]}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${packages[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "install-run-system-deps: apt-get failed" >&2
    exit 1
fi
