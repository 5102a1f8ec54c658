# Shared helpers and paths of scripts/local-cluster (sourced, not run).

# Go from the machine image and the sbin tools (ip, sysctl), also when the caller's PATH lacks them
for dir in /usr/local/go/bin /usr/local/sbin /usr/sbin /sbin; do
  [[ -d "$dir" && ":$PATH:" != *":$dir:"* ]] && PATH="$PATH:$dir"
done
export PATH

CACHE_DIR="${RHA_CACHE_DIR:-/var/cache/redis-ha-junit}"
STATE_DIR="${RHA_CLUSTER_DIR:-/var/lib/redis-ha-junit/local-cluster}"
RUN_DIR="/run/redis-ha-junit-cluster"
PID_DIR="$STATE_DIR/pids"
LOG_DIR="$STATE_DIR/logs"
PKI_DIR="$STATE_DIR/pki"
KUBECONFIG_FILE="$STATE_DIR/kubeconfig"
CONTAINERD_SOCK="$RUN_DIR/containerd.sock"
NETNS_PATH="/run/netns/$NETNS"
# Where kube-controller-manager's host-path provisioner put volumes (StorageClass local-path before
# local-path-provisioner): only `down` of a cluster started that way still removes it (stop.sh).
HOSTPATH_PV_DIR="/tmp/hostpath_pv"
# Where local-path-provisioner makes each PersistentVolume's directory (<pv>_<namespace>_<claim>), for every node:
# all nodes share this machine's file system (addons/local-path-provisioner.yaml).
LOCAL_PATH_DIR="$STATE_DIR/local-path-provisioner"
IMAGES_DIR="$CACHE_DIR/images"
# The images built locally and loaded into containerd (the local cluster's and the K3s-contract image's).
PRELOADED_IMAGES="$PAUSE_IMAGE $COREDNS_IMAGE $LOCAL_PATH_PROVISIONER_IMAGE $REDIS_IMAGE $REDIS8_IMAGE $VALKEY_IMAGE"
ORIGINAL_SYSCTLS="$STATE_DIR/original-sysctls"

log() { printf '[local-cluster] %s\n' "$*" >&2; }
die() { printf '[local-cluster] ERROR: %s\n' "$*" >&2; exit 1; }

# Phase timing: `phase NAME` starts a phase, `phase_done` prints how long it took (on stdout).
PHASE_NAME=""
PHASE_START=0
phase() { PHASE_NAME="$1"; PHASE_START=$(date +%s.%N); log "$1 ..."; }
phase_done() {
  local now; now=$(date +%s.%N)
  awk -v n="$PHASE_NAME" -v a="$PHASE_START" -v b="$now" 'BEGIN { printf "phase %-28s %6.1fs\n", n, b - a }'
}

# wait_until DESCRIPTION TIMEOUT_SECONDS COMMAND...: poll COMMAND every half second until it succeeds.
wait_until() {
  local what="$1" timeout="$2"; shift 2
  local deadline=$(( $(date +%s) + timeout ))
  until "$@" >/dev/null 2>&1; do
    if (( $(date +%s) >= deadline )); then
      log "timed out after ${timeout}s waiting for $what"
      return 1
    fi
    sleep 0.5
  done
}

kubectl_() { "$K8S_BIN/kubectl" --kubeconfig "$KUBECONFIG_FILE" "$@"; }
ctr_() { ctr --address "$CONTAINERD_SOCK" -n k8s.io "$@"; }
in_netns() { nsenter --net="$NETNS_PATH" -- "$@"; }

# start_daemon NAME COMMAND...: start COMMAND inside the cluster's network namespace, in its own
# session, logging to $LOG_DIR/NAME.log; its pid goes to $PID_DIR/NAME.pid.
start_daemon() { start_daemon_in "$NETNS_PATH" "$@"; }

# start_daemon_in NETNS_PATH NAME COMMAND...: start_daemon in another network namespace (a node's, see nodes.sh).
start_daemon_in() {
  local netns="$1" name="$2"; shift 2
  setsid nsenter --net="$netns" -- "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$PID_DIR/$name.pid"
}

pid_alive() {
  local f="$PID_DIR/$1.pid"
  [[ -f "$f" ]] && kill -0 "$(cat "$f")" 2>/dev/null
}

# stop_daemon NAME: TERM the pid in its pid file, KILL after 15 s.
stop_daemon() {
  local f="$PID_DIR/$1.pid" pid
  [[ -f "$f" ]] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    local i
    for ((i = 0; i < 30; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

# image_archive REF: where the archive of a locally built image is (pause, CoreDNS, Redis).
image_archive() { local ref="$1"; echo "$IMAGES_DIR/$(echo "$ref" | tr '/:' '__').tar"; }

# A short hash of files' contents, for cache keys.
content_hash() { cat "$@" | sha256sum | cut -c1-12; }
