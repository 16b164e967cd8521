# Sourced by ./mvnw and ./iotls: export JAVA_HOME to a JDK >= 21 when the current one is older.
# Order: $JAVA_HOME if new enough, `java` on PATH if new enough, then the newest JDK under /usr/lib/jvm.
iotls_java_major() {
  # A JDK's release file names its version: read it rather than start a JVM (about 0.2 s of CPU each time), and with
  # shell builtins, as every process started here costs ./iotls start-up time (one readlink for the symlinks).
  local bin=$1 resolved home line version=""
  case $bin in */*) ;; *) bin=$(command -v "$bin") || return 0 ;; esac
  resolved=$(readlink -f "$bin") || resolved=$bin
  home=${resolved%/*}; home=${home%/*}
  if [ -f "$home/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case $line in JAVA_VERSION=*) version=${line#JAVA_VERSION=\"}; version=${version%%[!0-9]*}; break ;; esac
    done < "$home/release"
  fi
  if [ -n "$version" ]; then echo "$version"; return 0; fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1 | cut -d. -f1
}
iotls_pick_jdk() {
  local candidate major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(iotls_java_major "$JAVA_HOME/bin/java")
    [ "${major:-0}" -ge 21 ] 2>/dev/null && return 0
  fi
  if command -v java >/dev/null 2>&1 && command -v javac >/dev/null 2>&1; then
    major=$(iotls_java_major java)
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then
      JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")"); export JAVA_HOME; return 0
    fi
  fi
  local noglob=0
  case $- in *f*) noglob=1; set +f ;; esac
  for candidate in $(ls -d /usr/lib/jvm/*/ /opt/java/*/ "$HOME"/.sdkman/candidates/java/*/ 2>/dev/null | sort -rV); do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(iotls_java_major "$candidate/bin/java")
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then
      JAVA_HOME=${candidate%/}; export JAVA_HOME
      [ "$noglob" = 1 ] && set -f
      return 0
    fi
  done
  [ "$noglob" = 1 ] && set -f
  echo "iotls: no JDK >= 21 found (looked at JAVA_HOME, PATH and /usr/lib/jvm). Install one, e.g. 'apt-get install openjdk-21-jdk', or set JAVA_HOME." >&2
  return 1
}
