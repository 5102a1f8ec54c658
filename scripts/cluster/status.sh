# Status step of scripts/local-cluster (sourced): env, health, status.

# What a shell or CI needs to use the cluster; every value is defined once, in versions.env and lib.sh.
cluster_env() {
  printf 'export KUBECONFIG=%s\n' "$KUBECONFIG_FILE"
  printf 'export PATH=%s:$PATH\n' "$K8S_BIN"
  printf 'export RHA_NODE_IP=%s\n' "$NODE_IP"
  printf 'export RHA_CLUSTER_LOGS=%s\n' "$LOG_DIR"
}

healthy() {
  local name
  for name in etcd kube-apiserver containerd kube-controller-manager kube-scheduler kubelet kube-proxy; do
    pid_alive "$name" || return 1
  done
  [[ "$(kubectl_ get --raw /readyz 2>/dev/null)" == ok ]] || return 1
  kubectl_ get node "$NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null | grep -qx True
}

cluster_status() {
  if [[ ! -d "$PID_DIR" ]]; then
    echo "down"
    return 1
  fi
  local name state=0
  for name in etcd kube-apiserver containerd kube-controller-manager kube-scheduler kubelet kube-proxy; do
    if pid_alive "$name"; then
      printf '%-24s running (pid %s)\n' "$name" "$(cat "$PID_DIR/$name.pid")"
    else
      printf '%-24s NOT RUNNING\n' "$name"; state=1
    fi
  done
  if healthy; then
    echo "up and healthy: $("$K8S_BIN/kubectl" --kubeconfig "$KUBECONFIG_FILE" get node "$NODE_NAME" --no-headers 2>/dev/null)"
    echo "KUBECONFIG=$KUBECONFIG_FILE"
  else
    echo "unhealthy (logs in $LOG_DIR)"; state=1
  fi
  return $state
}
