#!/usr/bin/env bash
# Vendor the SPARQL editor of the explorer (YASGUI, MIT) into kg/server/static/yasgui/.
#
# Run once when upgrading; the copied files are committed so a fresh clone works offline
# without npm. Usage: scripts/vendor_assets.sh [VERSION]   (default: the pinned version below)
set -euo pipefail

PACKAGE="@zazuko/yasgui"
VERSION="${1:-4.6.2}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$HERE/kg/server/static/yasgui"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

command -v npm >/dev/null || { echo "npm is needed to vendor $PACKAGE (apt-get install npm)" >&2; exit 1; }
(cd "$WORK" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null)
tar -xzf "$WORK"/*.tgz -C "$WORK"
LICENSE="$(node -p "require('$WORK/package/package.json').license")"
if [ "$LICENSE" != "MIT" ]; then
  echo "$PACKAGE@$VERSION is licensed $LICENSE, not MIT: review before vendoring" >&2
  exit 1
fi

mkdir -p "$DEST"
# The source maps are 3.6 MB each and not needed: drop them and the comment that points at them.
sed -e '/^\/\/# sourceMappingURL=/d' "$WORK/package/build/yasgui.min.js" > "$DEST/yasgui.min.js"
sed -e 's#/\*\# sourceMappingURL=[^*]*\*/##' "$WORK/package/build/yasgui.min.css" > "$DEST/yasgui.min.css"
cat > "$DEST/NOTICE.txt" <<NOTICE
$PACKAGE $VERSION (https://www.npmjs.com/package/$PACKAGE), vendored by scripts/vendor_assets.sh.
Licence: MIT (package.json "license"). Copyright (c) Triply B.V. and Zazuko GmbH.

Permission is hereby granted, free of charge, to any person obtaining a copy of this software
and associated documentation files (the "Software"), to deal in the Software without
restriction, including without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING
BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
NOTICE
(cd "$DEST" && sha256sum yasgui.min.js yasgui.min.css > SHA256SUMS)
ls -l "$DEST"
