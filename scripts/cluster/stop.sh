# Stop step of scripts/local-cluster (sourced): stop exactly what `up` started and remove its state.

# Processes of pods: everything under the kubelet's own cgroup root ($CGROUP_ROOT, never the host's).
kill_pod_processes() {
  local procs
  procs=$(find "/sys/fs/cgroup/pids$CGROUP_ROOT" -name cgroup.procs -exec cat {} + 2>/dev/null || true)
  [[ -n "$procs" ]] && kill -KILL $procs 2>/dev/null || true
}

# containerd's shims outlive it; ours are the ones started with our containerd's address.
kill_shims() {
  local pid
  for pid in $(grep -l -s -- "$CONTAINERD_SOCK" /proc/[0-9]*/cmdline | cut -d/ -f3); do
    [[ "$(tr '\0' ' ' 2>/dev/null </proc/"$pid"/cmdline)" == *containerd-shim* ]] && kill -KILL "$pid" 2>/dev/null || true
  done
}

unmount_under() {
  local dir
  for dir in "$@"; do
    [[ -d "$dir" ]] || continue
    # deepest first
    findmnt -rn -o TARGET | grep "^$dir" | sort -r | while read -r target; do
      umount "$target" 2>/dev/null || umount -l "$target" 2>/dev/null || true
    done
  done
}

remove_cgroups() {
  local hierarchy
  for hierarchy in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do
    [[ -d "${hierarchy%/}$CGROUP_ROOT" ]] && find "${hierarchy%/}$CGROUP_ROOT" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
  return 0
}

cluster_down() {
  local k
  for k in $(node_numbers); do (( k > 1 )) && stop_extra_node "$k"; done
  if [[ -d "$PID_DIR" ]]; then
    stop_daemon kube-proxy
    stop_daemon kubelet
    kill_pod_processes
    stop_daemon containerd
    kill_shims
    stop_daemon kube-scheduler
    stop_daemon kube-controller-manager
    stop_daemon kube-apiserver
    stop_daemon etcd
  fi
  unmount_under "$RUN_DIR" "$STATE_DIR"
  if ip netns list 2>/dev/null | grep -qw "$NETNS"; then
    ip netns delete "$NETNS"
  fi
  ip link delete "$HOST_VETH" 2>/dev/null || true
  remove_cgroups
  if [[ -f "$ORIGINAL_SYSCTLS" ]]; then
    local line
    while read -r line; do sysctl -qw "$line" || true; done <"$ORIGINAL_SYSCTLS"
  fi
  [[ -f "$STATE_DIR/created-hostpath-pv-dir" ]] && rm -rf "$HOSTPATH_PV_DIR"
  rm -rf "$STATE_DIR" "$RUN_DIR"
  [[ -z "${RHA_CLUSTER_DIR:-}" ]] && rmdir "$(dirname "$STATE_DIR")" 2>/dev/null || true
  echo "local cluster down"
}
