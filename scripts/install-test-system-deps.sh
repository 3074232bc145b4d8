#!/usr/bin/env bash
# Installs the Debian packages the test suite needs beyond Python, only when one is missing:
#   chromium           /usr/bin/chromium, driven by pytest-playwright (its own browser download is blocked)
#   fonts-dejavu-core  the default sans-serif; covers Vietnamese
#   fonts-liberation2  Arial/Times-metric fonts with Vietnamese glyphs (1.07 "fonts-liberation" lacks them)
#   gettext            msgfmt, for `manage.py compilemessages`
#   libreoffice-writer-nogui  soffice: the year's report .docx → PDF (the tests convert one)
#   poppler-utils      pdftotext, pdffonts, pdftoppm: the tests read generated PDFs as text and as images
#   libpango-1.0-0, libpangoft2-1.0-0  text layout for WeasyPrint (the recognition certificate PDF)
# fonts-noto-core is left out on purpose: 42 MB installed for glyphs the two families above already cover.
# When everything is present this touches neither apt nor the network.
set -euo pipefail

packages=()
[[ -x /usr/bin/chromium ]] || packages+=(chromium)
for font in fonts-dejavu-core fonts-liberation2; do
    dpkg-query -W -f='${Status}' "$font" 2>/dev/null | grep -q "install ok installed" || packages+=("$font")
done
command -v msgfmt >/dev/null 2>&1 || packages+=(gettext)
command -v soffice >/dev/null 2>&1 || packages+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null 2>&1 || packages+=(poppler-utils)
ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so" || packages+=(libpango-1.0-0)
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so" || packages+=(libpangoft2-1.0-0)

if [[ ${#packages[@]} -eq 0 ]]; then
    exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
    echo "install-test-system-deps: missing ${packages[*]}; install them as root:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages[*]}" >&2
    exit 1
fi

echo "install-test-system-deps: installing ${packages[*]}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${packages[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "install-test-system-deps: apt-get failed" >&2
    exit 1
fi

[[ -x /usr/bin/chromium ]] || { echo "install-test-system-deps: /usr/bin/chromium still missing" >&2; exit 1; }
