#!/usr/bin/env bash
# k6 is not installable here, so this checks the k6 scenarios with node:
# each file must parse as an ES module (node --check on a .mjs copy; a
# deliberately broken module must fail, so the check is real), and each
# scenario, loaded with stand-ins for k6's own modules, must export options
# with thresholds and a default function. Usage: scripts/e2e/k6-syntax.sh
set -euo pipefail

# shellcheck source=scripts/e2e/lib.sh
source "$(dirname "$(readlink -f "$0")")/lib.sh"

require_tools node
root=$(repo_root)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

printf 'export default function ( {\n' >"$tmp/broken.mjs"
if node --check "$tmp/broken.mjs" 2>/dev/null; then
  die "node --check accepted a broken module: this check would prove nothing"
fi

mapfile -t scripts < <(find "$root/k6" -maxdepth 1 -name '*.js' | sort)
((${#scripts[@]} > 0)) || die "no k6 scripts in $root/k6"
mkdir -p "$tmp/parse" "$tmp/load/node_modules/k6"
for file in "${scripts[@]}"; do
  name=${file##*/}
  cp "$file" "$tmp/parse/${name%.js}.mjs"
  node --check "$tmp/parse/${name%.js}.mjs" || die "k6/$name does not parse as an ES module"
  cp "$file" "$tmp/load/$name"
done
log "${#scripts[@]} k6 scripts parse as ES modules"

# Stand-ins for k6's modules: just enough for the scenarios to load.
printf '%s\n' '{"type": "module"}' >"$tmp/load/package.json"
printf '%s\n' '{"name": "k6", "type": "module", "exports": {".": "./index.js", "./http": "./http.js", "./encoding": "./encoding.js"}}' \
  >"$tmp/load/node_modules/k6/package.json"
printf '%s\n' 'export function check() { return true; }' 'export function sleep() {}' \
  'export function group(name, fn) { return fn(); }' >"$tmp/load/node_modules/k6/index.js"
printf '%s\n' 'const http = { get() {}, post() {}, put() {}, del() {}, request() {}, batch() {},' \
  '  setResponseCallback() {}, expectedStatuses: (...statuses) => ({ statuses }) };' \
  'export default http;' >"$tmp/load/node_modules/k6/http.js"
printf '%s\n' "const encoding = { b64encode: (s) => Buffer.from(s).toString('base64url'), b64decode() {} };" \
  'export default encoding;' >"$tmp/load/node_modules/k6/encoding.js"
cat >"$tmp/load/check.mjs" <<'JS'
globalThis.__ENV = { BASE_URL: 'https://localhost:8443' };
globalThis.__VU = 1;
globalThis.__ITER = 0;
const problems = [];
for (const name of process.argv.slice(2)) {
  const scenario = await import(`./${name}`);
  if (typeof scenario.default !== 'function') problems.push(`${name}: no default function`);
  const thresholds = scenario.options && scenario.options.thresholds;
  if (!thresholds || Object.keys(thresholds).length === 0) problems.push(`${name}: no thresholds in options`);
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
JS
scenarios=(smoke.js crud.js load.js stress.js soak.js)
for name in "${scenarios[@]}"; do
  [[ -f "$tmp/load/$name" ]] || die "k6/$name is missing"
done
(cd "$tmp/load" && node check.mjs "${scenarios[@]}") || die "a k6 scenario lacks options with thresholds or a default function"
log "k6 scenarios ${scenarios[*]}: options with thresholds and a default function"
