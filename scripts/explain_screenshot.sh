#!/bin/sh
# Render an explanation as HTML and take a screenshot of it in headless Chromium.
#   scripts/explain_screenshot.sh [CASE] [DOCTRINE] [OUT.png]
set -eu
case_file=${1:-cases/france_greece.casus}
doctrine=${2:-moderate}
out=${3:-explain.png}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "chromium is not installed (on Debian: apt-get install -y chromium)" >&2
    exit 1
fi
page=$(mktemp --suffix=.html)
profile=$(mktemp -d)
casus explain "$case_file" -d "$doctrine" --format html -o "$page"
"$browser" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$profile" \
    --screenshot="$out" --window-size=1280,900 "file://$page"
rm -rf "$profile" "$page"
echo "wrote $out"
