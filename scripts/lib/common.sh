# shellcheck shell=bash
# Helpers shared by the scripts in scripts/: sourced, never run.

log() { printf '%s %s\n' "[${0##*/}]" "$*" >&2; }
warn() { printf '%s warning: %s\n' "[${0##*/}]" "$*" >&2; }
die() {
  printf '%s error: %s\n' "[${0##*/}]" "$*" >&2
  exit 1
}

# The repository root, for scripts that live in scripts/ or scripts/e2e/.
repo_root() { (cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd); }

# Prints the major version of the java binary given, or nothing.
java_major() {
  local version
  version=$("$1" -version 2>&1 | sed -n 's/.* version "\([0-9][0-9]*\).*/\1/p' | head -n 1) || true
  printf '%s' "$version"
}

# Picks a JDK >= 21 (DESIGN.md): $JAVA_HOME when it is recent enough, else
# the newest JDK under /usr/lib/jvm. Exports JAVA_HOME (Maven uses it) and
# sets JAVA to its java binary.
select_jdk() {
  local minimum=21 candidate major best="" best_major=0
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    major=$(java_major "$JAVA_HOME/bin/java")
    if [[ -n "$major" && "$major" -ge "$minimum" ]]; then
      JAVA="$JAVA_HOME/bin/java"
      export JAVA_HOME JAVA
      quiet_maven_on "$major"
      return 0
    fi
    warn "JAVA_HOME=$JAVA_HOME is Java ${major:-unknown}; looking for a JDK >= $minimum under /usr/lib/jvm"
  fi
  for candidate in /usr/lib/jvm/*/; do
    candidate=${candidate%/}
    [[ -x "$candidate/bin/java" && -x "$candidate/bin/javac" && ! -L "$candidate" ]] || continue
    major=$(java_major "$candidate/bin/java")
    if [[ -n "$major" && "$major" -gt "$best_major" ]]; then
      best=$candidate
      best_major=$major
    fi
  done
  if [[ -z "$best" || "$best_major" -lt "$minimum" ]]; then
    die "onebox needs a JDK >= $minimum and none was found (JAVA_HOME or /usr/lib/jvm).
  Install one, e.g.: apt-get install openjdk-21-jdk-headless (Ubuntu 24.04, Debian 13)
  or Temurin 21+ from Adoptium, then set JAVA_HOME to it."
  fi
  JAVA_HOME=$best
  JAVA="$best/bin/java"
  export JAVA_HOME JAVA
  quiet_maven_on "$best_major"
}

# Maven 3.8/3.9 use sun.misc.Unsafe through Guava, which JDK 24+ warns about
# on every run; the option that allows it quietly is unknown before JDK 24.
quiet_maven_on() {
  if [[ "$1" -ge 24 && "${MAVEN_OPTS:-}" != *sun-misc-unsafe-memory-access* ]]; then
    MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
    export MAVEN_OPTS
  fi
}

# A TCP port on 127.0.0.1 that nothing listens on right now, below the kernel's
# ephemeral range: a port from that range can become the local end of any
# outgoing connection (onebox's own to its database) between this probe and
# the bind, which then fails with "Address already in use".
free_port() {
  local port attempt ephemeral_low=32768 span
  read -r ephemeral_low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
  span=$((ephemeral_low - 10000))
  ((span >= 1000)) || span=40000 # an unusual range: fall back to 10000-49999
  for attempt in $(seq 1 50); do
    port=$((10000 + (RANDOM * 32768 + RANDOM) % span))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      printf '%s' "$port"
      return 0
    fi
    : "$attempt"
  done
  die "no free port found after 50 attempts"
}

# Polls a command until it succeeds or the deadline (seconds) passes.
wait_until() {
  local deadline=$(($(date +%s) + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    if (($(date +%s) >= deadline)); then
      return 1
    fi
    sleep 0.2
  done
}

# The password for PG_DSN when the DSN has none: PGPASSWORD, the systemd
# credential db-password, or ONEBOX_DB_PASSWORD_FILE (as onebox reads them).
export_db_password() {
  [[ -n "${PGPASSWORD:-}" ]] && return 0
  local file=""
  if [[ -n "${CREDENTIALS_DIRECTORY:-}" && -r "$CREDENTIALS_DIRECTORY/db-password" ]]; then
    file="$CREDENTIALS_DIRECTORY/db-password"
  elif [[ -n "${ONEBOX_DB_PASSWORD_FILE:-}" ]]; then
    file=$ONEBOX_DB_PASSWORD_FILE
  fi
  [[ -n "$file" ]] || return 0
  [[ -r "$file" ]] || die "cannot read the database password file $file"
  PGPASSWORD=$(head -n 1 "$file")
  export PGPASSWORD
}

# Keeps the libpq parameters of a query string; JDBC-only ones (sslfactory,
# ApplicationName, ...) would make psql and pg_dump refuse the URI.
libpq_query() {
  local pair kept=() IFS='&'
  for pair in $1; do
    case "${pair%%=*}" in
      user | password | sslmode | sslrootcert | sslcert | sslkey | connect_timeout | application_name | options | target_session_attrs)
        kept+=("$pair") ;;
    esac
  done
  printf '%s' "${kept[*]}"
}

# Sets DB_URI to a libpq connection URI for the database onebox uses: PG_DSN
# (postgres:// or a JDBC URL) when set, else the embedded PostgreSQL running
# from ONEBOX_DATA_DIR (its port is in postmaster.pid; it trusts local TCP).
resolve_database() {
  if [[ -n "${PG_DSN:-}" ]]; then
    local dsn=${PG_DSN#jdbc:} query=""
    if [[ "$dsn" == *'?'* ]]; then
      query=$(libpq_query "${dsn#*\?}")
      dsn=${dsn%%\?*}
    fi
    case "$dsn" in
      postgres://* | postgresql://*) ;;
      *) die "PG_DSN must be postgres://user:pass@host:port/db or jdbc:postgresql://..." ;;
    esac
    DB_URI=$dsn${query:+?$query}
    export_db_password
    return 0
  fi
  local data_dir=${ONEBOX_DATA_DIR:-./data} pid_file port database
  pid_file=$(find "$data_dir" -maxdepth 3 -name postmaster.pid -print -quit 2>/dev/null || true)
  [[ -n "$pid_file" ]] ||
    die "PG_DSN is unset and no embedded PostgreSQL runs from ONEBOX_DATA_DIR=$data_dir (start onebox first)"
  port=$(sed -n 4p "$pid_file")
  [[ "$port" =~ ^[0-9]+$ ]] || die "no port in $pid_file"
  database=postgres
  if psql "postgresql://postgres@127.0.0.1:$port/postgres" -Atqc \
    "select 1 from pg_database where datname = 'onebox'" 2>/dev/null | grep -q 1; then
    database=onebox
  fi
  DB_URI="postgresql://postgres@127.0.0.1:$port/$database"
}

# DB_URI without its password, for messages.
redacted_uri() { sed -E 's#(://[^:/@]*):[^@]*@#\1:***@#; s#password=[^&]*#password=***#' <<<"$DB_URI"; }

# Builds target/onebox.jar (tests skipped) when it is missing or older than
# pom.xml or anything in src/. Run from the repository root, after select_jdk.
build_jar_if_stale() {
  local jar=target/onebox.jar
  if [[ -f "$jar" && ! pom.xml -nt "$jar" && -z "$(find src -newer "$jar" -print -quit)" ]]; then
    return 0
  fi
  command -v mvn >/dev/null || die "Maven is missing: apt-get install maven"
  log "building $jar with $JAVA_HOME"
  mvn -B -q -Dstyle.color=never -DskipTests package
}

# JDK 25+ (JEP 483/514): trains the AOT cache of DIR/onebox.jar with JAVA (the
# installed launcher): `--aot-train` runs a throwaway onebox and the JVM writes
# DIR/onebox.aot at exit; DIR/onebox.aot.stamp records the jar's size and mtime.
# The launcher passes the cache only while that stamp matches the jar: JDK 25.0.3
# and older do not notice a replaced jar (JDK-8377932) and would run the cached,
# old classes. Older JDKs get no cache. A failed training is a warning: onebox
# runs the same without the cache, it only starts slower.
aot_train() { # JAVA DIR
  local java=$1 dir=$2 major output
  rm -f "$dir/onebox.aot.new"
  major=$(java_major "$java")
  if [[ -z "$major" || "$major" -lt 25 ]]; then
    rm -f "$dir/onebox.aot" "$dir/onebox.aot.stamp"
    return 0
  fi
  log "training the AOT cache $dir/onebox.aot (a throwaway onebox on loopback; about 30 s)"
  output=$(mktemp)
  if timeout 300 "$java" -XX:AOTCacheOutput="$dir/onebox.aot.new" -jar "$dir/onebox.jar" --aot-train >"$output" 2>&1 &&
    [[ -s "$dir/onebox.aot.new" ]]; then
    # The stamp goes last: a half-done swap never pairs a cache with the wrong jar.
    rm -f "$dir/onebox.aot.stamp"
    chmod 0644 "$dir/onebox.aot.new"
    mv -f "$dir/onebox.aot.new" "$dir/onebox.aot"
    jar_stamp "$dir/onebox.jar" >"$dir/onebox.aot.stamp.new"
    chmod 0644 "$dir/onebox.aot.stamp.new"
    mv -f "$dir/onebox.aot.stamp.new" "$dir/onebox.aot.stamp"
    log "AOT cache written ($(du -m "$dir/onebox.aot" | cut -f1) MiB): onebox starts in about a third of the time"
  else
    warn "the AOT training failed; onebox runs without the cache (slower start). Its output:
$(grep -v '^\[[0-9.]*s\]\[warning\]\[aot' "$output" | tail -n 15)"
    rm -f "$dir/onebox.aot.new" "$dir/onebox.aot" "$dir/onebox.aot.stamp"
  fi
  rm -f "$output"
}

# What the JVM itself checks of a jar on the class path: its size and mtime.
jar_stamp() { stat -c '%s %Y' "$1"; }
