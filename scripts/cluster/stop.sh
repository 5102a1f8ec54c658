# Stop step of scripts/local-cluster (sourced): stop exactly what `up` started and remove its state.

# kill_pod_processes [K]: the processes of node K's pods (default 1; see pod_pids in nodes.sh).
kill_pod_processes() {
  local procs
  procs="$(pod_pids "${1:-1}")"
  [[ -n "$procs" ]] && kill -KILL $procs 2>/dev/null || true
}

# kill_shims [K]: containerd's shims outlive it; node K's are the ones started with its containerd's address.
kill_shims() {
  local procs
  procs="$(shim_pids "${1:-1}")"
  [[ -n "$procs" ]] && kill -KILL $procs 2>/dev/null || true
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

# remove_cgroups [K]: node K's cgroup root in every hierarchy (default 1).
remove_cgroups() {
  local hierarchy root
  root="$(node_cgroup_root "${1:-1}")"
  for hierarchy in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do
    [[ -d "${hierarchy%/}$root" ]] && find "${hierarchy%/}$root" -depth -type d -exec rmdir {} + 2>/dev/null || true
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
  # a cluster started before local-path-provisioner kept its volumes in the host-path provisioner's directory
  [[ -f "$STATE_DIR/created-hostpath-pv-dir" ]] && rm -rf "$HOSTPATH_PV_DIR"
  rm -rf "$LOCAL_PATH_DIR"  # every PersistentVolume's data (local-path-provisioner), of every node
  rm -rf "$STATE_DIR" "$RUN_DIR"
  [[ -z "${RHA_CLUSTER_DIR:-}" ]] && rmdir "$(dirname "$STATE_DIR")" 2>/dev/null || true
  echo "local cluster down"
}
