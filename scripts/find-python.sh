#!/usr/bin/env bash
# Print the path of a Python >= 3.12 interpreter, or exit 1.
# The machine's default python3 may be 3.11; pyenv's shims for other versions fail unless selected,
# so the real binaries under $(pyenv root)/versions are tried too.
set -u
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
candidates+=(python3 python3.14 python3.13 python3.12)
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  for v in $(ls "$root/versions" 2>/dev/null | sort -V); do
    for b in "$root/versions/$v/bin/python3".*; do [ -x "$b" ] && candidates+=("$b"); done
  done
fi
candidates+=(/usr/bin/python3 /usr/local/bin/python3.12 /usr/local/bin/python3.13)
for c in "${candidates[@]}"; do
  path=$(command -v "$c" 2>/dev/null) || continue
  if ok "$path"; then
    # Resolve to the real interpreter, not a shim.
    "$path" -c 'import sys; print(sys.executable)'
    exit 0
  fi
done
exit 1
