#!/usr/bin/env bash
# scripts/install into a temporary root: the files it lays down, their modes,
# that a second run changes nothing, that an edited onebox.env survives both a
# reinstall and --uninstall, and that --uninstall keeps data. Also runs
# --help of every script, installed or not.
set -euo pipefail

# shellcheck source=scripts/e2e/lib.sh
source "$(dirname "$(readlink -f "$0")")/lib.sh"

scripts=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root="$tmp/root"
printf 'not really a jar\n' >"$tmp/onebox.jar"

failures=0
check() { # description command...
  local description=$1
  shift
  if "$@"; then log "ok: $description"; else warn "FAILED: $description"; failures=$((failures + 1)); fi
}
mode_is() { [[ "$(stat -c %a "$2")" == "$1" ]]; }
snapshot() { (cd "$root" && find . -printf '%p %m %s\n' | sort && find . -type f -exec sha256sum {} + | sort); }

"$scripts/install" --root "$root" --jar "$tmp/onebox.jar" --java /bin/true >/dev/null 2>&1

lib="$root/usr/lib/onebox"
check "jar installed" cmp -s "$tmp/onebox.jar" "$lib/onebox.jar"
check "jar mode 644" mode_is 644 "$lib/onebox.jar"
check "java launcher executable" test -x "$lib/java"
check "java launcher runs the chosen java" grep -qx 'exec /bin/true "\$@"' "$lib/java"
check "launcher passes arguments and exit code" "$lib/java" --anything
for script in backup restore upgrade supervise; do
  check "bin/$script installed and executable" test -x "$lib/bin/$script"
  check "installed $script --help" bash -c "'$lib/bin/$script' --help | grep -q Usage"
  check "$script --help" bash -c "'$scripts/$script' --help | grep -q Usage"
done
check "install --help" bash -c "'$scripts/install' --help | grep -q Usage"
check "test --help" bash -c "'$scripts/test' --help | grep -q Usage"
check "README installed" test -f "$root/usr/share/doc/onebox/README.md"
check "bin/lib/common.sh installed" test -f "$lib/bin/lib/common.sh"
check "sysctl for the hand-over installed" grep -qx 'net.ipv4.tcp_migrate_req = 1' "$root/etc/sysctl.d/60-onebox.conf"
for unit in onebox.service onebox-backup.service onebox-backup.timer; do
  check "unit $unit installed" cmp -s "$scripts/../systemd/$unit" "$root/etc/systemd/system/$unit"
done
check "onebox.env from the template" cmp -s "$scripts/../systemd/onebox.env.example" "$root/etc/onebox/onebox.env"
check "onebox.env mode 640" mode_is 640 "$root/etc/onebox/onebox.env"
check "credstore mode 700" mode_is 700 "$root/etc/credstore"

snapshot >"$tmp/first"
"$scripts/install" --root "$root" --jar "$tmp/onebox.jar" --java /bin/true >/dev/null 2>&1
snapshot >"$tmp/second"
check "a second install changes nothing" cmp -s "$tmp/first" "$tmp/second"

printf 'ONEBOX_DOMAINS=onebox.example\n' >>"$root/etc/onebox/onebox.env"
cp "$root/etc/onebox/onebox.env" "$tmp/edited.env"
"$scripts/install" --root "$root" --jar "$tmp/onebox.jar" --java /bin/true >/dev/null 2>&1
check "reinstall keeps an edited onebox.env" cmp -s "$tmp/edited.env" "$root/etc/onebox/onebox.env"

mkdir -p "$root/var/lib/onebox/data"
printf 'rows\n' >"$root/var/lib/onebox/data/PG_VERSION"
printf 'secret\n' >"$root/etc/credstore/onebox.db-password"
"$scripts/install" --root "$root" --uninstall >/dev/null 2>&1
check "uninstall removes /usr/lib/onebox" test ! -e "$lib"
check "uninstall removes the README" test ! -e "$root/usr/share/doc/onebox"
check "uninstall removes the units" test ! -e "$root/etc/systemd/system/onebox.service"
check "uninstall removes the sysctl file" test ! -e "$root/etc/sysctl.d/60-onebox.conf"
check "uninstall keeps data" test -f "$root/var/lib/onebox/data/PG_VERSION"
check "uninstall keeps secrets" test -f "$root/etc/credstore/onebox.db-password"
check "uninstall keeps an edited onebox.env" cmp -s "$tmp/edited.env" "$root/etc/onebox/onebox.env"

"$scripts/install" --root "$root" --uninstall >/dev/null 2>&1
check "uninstall twice is fine" test -f "$root/var/lib/onebox/data/PG_VERSION"
check "unknown option is refused" bash -c "! '$scripts/install' --frobnicate 2>/dev/null"

# The AOT cache, with the built jar and the JDK scripts/run would pick: on JDK
# 25+ install trains onebox.aot (--aot-train) and the launcher passes it while
# its stamp matches the jar; below 25 there is no cache and a plain launcher.
aot_lib="$tmp/aot-root/usr/lib/onebox"
jar_under_test=${JAR_UNDER_TEST:-$(repo_root)/target/onebox.jar}
install_real() {
  timeout 600 "$scripts/install" --root "$tmp/aot-root" --jar "$jar_under_test" --java "$JAVA" >"$tmp/aot-install.log" 2>&1 ||
    { cat "$tmp/aot-install.log" >&2; return 1; }
}
# The unit's own JVM options (between the launcher and -jar): one the JDK does not
# know fails here, not when systemd starts onebox.
starts_with_the_units_options() {
  local -a options
  read -r -a options <<<"$(sed -n 's|^ExecStart=.*/usr/lib/onebox/java \(.*\) -jar .*|\1|p' \
    "$tmp/aot-root/etc/systemd/system/onebox.service")"
  ((${#options[@]} > 0)) && "$aot_lib/java" "${options[@]}" -jar "$aot_lib/onebox.jar" --version >/dev/null
}
stamp_matches() { [[ "$(jar_stamp "$aot_lib/onebox.jar")" == "$(cat "$aot_lib/onebox.aot.stamp")" ]]; }
loads_from_cache() {
  "$aot_lib/java" -Xlog:class+load -jar "$aot_lib/onebox.jar" --version >"$tmp/classes.log" 2>&1
  grep -q ' onebox\.Main source: shared objects file' "$tmp/classes.log"
}
skips_cache() { ! loads_from_cache; }
if [[ ! -f "$jar_under_test" ]]; then
  [[ "${CI:-false}" != true ]] || { warn "FAILED: no jar at $jar_under_test for the AOT checks"; failures=$((failures + 1)); }
  warn "skipped the AOT cache checks: no jar at $jar_under_test (mvn -B -DskipTests package)"
else
  select_jdk
  check "install with $JAVA and the built jar" install_real
  check "the unit's JVM options start onebox" starts_with_the_units_options
  if (($(java_major "$JAVA") >= 25)); then
    check "AOT cache trained next to the jar" test -s "$aot_lib/onebox.aot"
    check "AOT cache stamp matches the jar" stamp_matches
    check "a strict start (-XX:AOTMode=on) accepts the cache the launcher passes" \
      "$aot_lib/java" -XX:AOTMode=on -jar "$aot_lib/onebox.jar" --version
    check "the launcher loads onebox from the cache" loads_from_cache
    touch -d '2001-01-01' "$aot_lib/onebox.jar"
    check "the launcher skips the cache once the jar changed" skips_cache
    check "a run without the cache still works" "$aot_lib/java" -jar "$aot_lib/onebox.jar" --version
  else
    check "no AOT cache below JDK 25" test ! -e "$aot_lib/onebox.aot"
    check "the launcher runs the JDK" "$aot_lib/java" -jar "$aot_lib/onebox.jar" --version
  fi
fi

((failures == 0)) || die "$failures check(s) failed"
log "install, reinstall and uninstall into a temporary root: all checks passed"
