#!/usr/bin/env bash
# System packages the tests use: Debian's Chromium for the browser tests
# (Playwright drives /usr/bin/chromium; it never downloads a browser).
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "note: /usr/bin/chromium missing; browser tests will fail (apt-get install chromium)" >&2
  fi
fi
