# Status step of scripts/local-cluster (sourced): env, health, status.

# What a shell or CI needs to use the cluster; every value is defined once, in versions.env and lib.sh.
cluster_env() {
  printf 'export KUBECONFIG=%s\n' "$KUBECONFIG_FILE"
  printf 'export PATH=%s:$PATH\n' "$K8S_BIN"
  printf 'export RHA_NODE_IP=%s\n' "$NODE_IP"
  printf 'export RHA_CLUSTER_LOGS=%s\n' "$LOG_DIR"
}

# every daemon of the control plane and of each node
daemons() {
  local k d
  echo etcd kube-apiserver kube-controller-manager kube-scheduler
  for k in $(node_numbers); do
    for d in $NODE_DAEMONS; do node_daemon "$d" "$k"; done
  done
}

healthy() {
  local name k
  for name in $(daemons); do
    pid_alive "$name" || return 1
  done
  [[ "$(kubectl_ get --raw /readyz 2>/dev/null)" == ok ]] || return 1
  for k in $(node_numbers); do node_ready "$k" || return 1; done
}

cluster_status() {
  if [[ ! -d "$PID_DIR" ]]; then
    echo "down"
    return 1
  fi
  local name state=0
  for name in $(daemons); do
    if pid_alive "$name"; then
      printf '%-24s running (pid %s)\n' "$name" "$(cat "$PID_DIR/$name.pid")"
    else
      printf '%-24s NOT RUNNING\n' "$name"; state=1
    fi
  done
  if healthy; then
    echo "up and healthy: $(node_numbers | wc -l) node(s)"
    kubectl_ get nodes -o wide --no-headers 2>/dev/null | awk '{ print "  " $1, $2, $6 }'
    echo "KUBECONFIG=$KUBECONFIG_FILE"
  else
    echo "unhealthy (logs in $LOG_DIR)"; state=1
  fi
  return $state
}
