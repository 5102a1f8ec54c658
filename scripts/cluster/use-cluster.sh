# Sourced by scripts/test and scripts/certify: make sure a cluster is configured.
#
# use_cluster [ARGS...]: when no cluster is configured (no KUBECONFIG, no ~/.kube/config, no
# -Dredis.ha.kubeconfig= / --kubeconfig among ARGS), use the local cluster: one already running is
# used as it is; otherwise it is started now and stopped when the calling script exits.

cluster_configured() {
  [[ -n "${KUBECONFIG:-}" ]] || [[ -f "$HOME/.kube/config" ]] ||
    [[ " $* " == *" -Dredis.ha.kubeconfig="* ]] || [[ " $* " == *" --kubeconfig "* ]]
}

use_cluster() {
  local root; root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  cluster_configured "$@" && return 0
  local out
  if out="$("$root/scripts/local-cluster" status 2>/dev/null)"; then
    echo "[cluster] no cluster configured: using the local cluster that is already running" >&2
  else
    echo "[cluster] no cluster configured: starting the local cluster (scripts/local-cluster up)" >&2
    # shellcheck disable=SC2064
    trap "'$root/scripts/local-cluster' down >&2" EXIT
    local log; log="$(mktemp)"
    "$root/scripts/local-cluster" up | tee "$log" >&2 || return 1
    out="$(cat "$log")"; rm -f "$log"
  fi
  KUBECONFIG="$(printf '%s\n' "$out" | sed -n 's/^KUBECONFIG=//p' | tail -n 1)"
  [[ -n "$KUBECONFIG" ]] || { echo "[cluster] scripts/local-cluster did not print KUBECONFIG=" >&2; return 1; }
  export KUBECONFIG
}

# ensure_jdk_and_maven: the machine kind ships them; install them from Debian where it doesn't.
ensure_jdk_and_maven() {
  if ! command -v mvn >/dev/null || ! command -v javac >/dev/null; then
    echo "[setup] installing Maven and a JDK 17" >&2
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q maven openjdk-17-jdk-headless >/dev/null
  fi
}

# ensure_headless_chromium: Debian's headless Chromium, which HtmlReportTest renders the HTML report in
ensure_headless_chromium() {
  if ! command -v chromium-headless-shell >/dev/null; then
    echo "[setup] installing Debian's chromium-headless-shell" >&2
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium-headless-shell >/dev/null
  fi
}

# ensure_gradle: Debian's Gradle (4.4.1, which runs on JDK 17), for the example's Gradle build
ensure_gradle() {
  if ! command -v gradle >/dev/null; then
    echo "[setup] installing Debian's gradle" >&2
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends gradle >/dev/null
  fi
}
