# Nodes of scripts/local-cluster (sourced): `up --nodes N` runs nodes 2..N beside node 1, sharing its control plane.
#
# Node 1 ($NODE_NAME at $NODE_IP) runs the control plane in network namespace $NETNS, as a single-node cluster does.
# Node K (2..N) is $NODE_NAME-K: a network namespace $NETNS-K of its own with its own containerd, kubelet and
# kube-proxy, at 10.213.(K-1).1 on a veth whose other end (10.213.(K-1).254) is in node 1's namespace, which routes
# between the nodes (a hub). Pods of node K get 10.214.(K-1).0/24 and go under the cgroup $CGROUP_ROOT-K. The host
# reaches every node and pod through node 1. State goes under $STATE_DIR/nodes/K, sockets under $RUN_DIR/node-K.

NODES_DIR="$STATE_DIR/nodes"

node_name_of() { if (( $1 == 1 )); then echo "$NODE_NAME"; else echo "$NODE_NAME-$1"; fi; }
node_ip_of() { if (( $1 == 1 )); then echo "$NODE_IP"; else echo "${NODE_IP%.*.*}.$(( $1 - 1 )).1"; fi; }
hub_ip_of() { echo "${NODE_IP%.*.*}.$(( $1 - 1 )).254"; }
pod_subnet_of() { echo "${POD_CIDR%.*.*}.$(( $1 - 1 )).0/24"; }
node_dir() { if (( $1 == 1 )); then echo "$STATE_DIR"; else echo "$NODES_DIR/$1"; fi; }
node_run_dir() { if (( $1 == 1 )); then echo "$RUN_DIR"; else echo "$RUN_DIR/node-$1"; fi; }
node_sock() { echo "$(node_run_dir "$1")/containerd.sock"; }
node_cgroup_root() { if (( $1 == 1 )); then echo "$CGROUP_ROOT"; else echo "$CGROUP_ROOT-$1"; fi; }
node_cert() { if (( $1 == 1 )); then echo kubelet; else echo "kubelet-$1"; fi; }
node_netns() { if (( $1 == 1 )); then echo "$NETNS"; else echo "$NETNS-$1"; fi; }
# node_daemon NAME K: the pid and log name of node K's daemon (containerd, kubelet, kube-proxy)
node_daemon() { if (( $2 == 1 )); then echo "$1"; else echo "$1-$2"; fi; }
NODE_DAEMONS="containerd kubelet kube-proxy"

# The numbers of the nodes that run: 1, then those `up --nodes` added.
node_numbers() {
  echo 1
  [[ -d "$NODES_DIR" ]] && find "$NODES_DIR" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort -n
  return 0
}

# node_number NAME: the number of the node called NAME (fails when there is none).
node_number() {
  local k
  for k in $(node_numbers); do
    [[ "$(node_name_of "$k")" == "$1" ]] && { echo "$k"; return 0; }
  done
  return 1
}

node_ready() {
  kubectl_ get node "$(node_name_of "$1")" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null |
    grep -qx True
}

# import_images K: the locally built images into node K's containerd.
import_images() {
  local image
  for image in $PRELOADED_IMAGES; do
    ctr --address "$(node_sock "$1")" -n k8s.io images import --no-unpack "$(image_archive "$image")" >/dev/null ||
      die "could not import $image into the containerd of node $(node_name_of "$1")"
  done
}

# setup_node_network K: node K's namespace, its veth to node 1's (the hub) and the routes both ways.
setup_node_network() {
  local k="$1" ns ip hub
  ns="$(node_netns "$k")"; ip="$(node_ip_of "$k")"; hub="$(hub_ip_of "$k")"
  ip netns add "$ns"
  ip link add "rha-n$k" type veth peer name "rha-p$k"
  ip link set "rha-n$k" netns "$NETNS"
  ip link set "rha-p$k" netns "$ns"
  ip -n "$ns" link set "rha-p$k" name "$NODE_VETH"
  ip -n "$NETNS" addr add "$hub/$NODE_PREFIX" dev "rha-n$k"
  ip -n "$NETNS" link set "rha-n$k" up
  ip -n "$NETNS" route add "$(pod_subnet_of "$k")" via "$ip"
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "$ip/$NODE_PREFIX" dev "$NODE_VETH"
  ip -n "$ns" link set "$NODE_VETH" up
  ip -n "$ns" route add "${NODE_IP%.*.*}.0.0/16" via "$hub"
  ip -n "$ns" route add "$POD_CIDR" via "$hub"
  # the Service range's route, as on node 1 (see setup_network)
  ip -n "$ns" link add rha-svc type veth peer name rha-svc-end
  ip -n "$ns" link set rha-svc-end up
  ip -n "$ns" link set rha-svc up
  ip -n "$ns" route add "$SERVICE_CIDR" dev rha-svc
  ip netns exec "$ns" sysctl -qw net.ipv4.ip_forward=1
  ip netns exec "$ns" sysctl -qw net.bridge.bridge-nf-call-iptables=1 2>/dev/null || true
}

# start_extra_node K: node K's network, certificate, configs, containerd (with the images), kubelet and kube-proxy.
start_extra_node() {
  local k="$1" ns dir name ip
  ns="/run/netns/$(node_netns "$k")"; dir="$(node_dir "$k")"; name="$(node_name_of "$k")"; ip="$(node_ip_of "$k")"
  mkdir -p "$dir"
  setup_node_network "$k"
  issue_cert "$(node_cert "$k")" "/CN=$name" "IP:$ip,DNS:$name"
  write_node_configs "$k"
  make_cgroup_root "$k"
  start_daemon_in "$ns" "$(node_daemon containerd "$k")" containerd --config "$dir/containerd/config.toml"
  wait_until "containerd of $name" 30 ctr --address "$(node_sock "$k")" version ||
    die "containerd of $name did not start: see $LOG_DIR/$(node_daemon containerd "$k").log"
  import_images "$k"
  start_daemon_in "$ns" "$(node_daemon kubelet "$k")" "$K8S_BIN/kubelet" --config="$dir/kubelet-config.yaml" \
    --kubeconfig="$KUBECONFIG_FILE" --hostname-override="$name" --node-ip="$ip" --root-dir="$dir/kubelet"
  start_daemon_in "$ns" "$(node_daemon kube-proxy "$k")" "$K8S_BIN/kube-proxy" --config="$dir/kube-proxy-config.yaml"
}

# start_extra_nodes N: nodes 2..N that do not run yet, then waits until every one is Ready.
start_extra_nodes() {
  local n="$1" k
  for ((k = 2; k <= n; k++)); do
    [[ -d "$(node_dir "$k")" ]] || start_extra_node "$k"
  done
  for ((k = 2; k <= n; k++)); do
    wait_until "node $(node_name_of "$k") Ready" 120 node_ready "$k" ||
      die "node $(node_name_of "$k") did not become Ready: see $LOG_DIR/$(node_daemon kubelet "$k").log"
  done
}

# pod_pids K: the processes of node K's pods: everything under its kubelet's cgroup root (never the host's).
pod_pids() {
  find "/sys/fs/cgroup/pids$(node_cgroup_root "$1")" -name cgroup.procs -exec cat {} + 2>/dev/null || true
}

# shim_pids K: node K's containerd shims, the ones started with its containerd's address.
shim_pids() {
  local pid
  for pid in $(grep -l -s -- "$(node_sock "$1")" /proc/[0-9]*/cmdline | cut -d/ -f3); do
    [[ "$(tr '\0' ' ' 2>/dev/null </proc/"$pid"/cmdline)" == *containerd-shim* ]] && echo "$pid"
  done
  return 0
}

stop_extra_node() {
  local k="$1"
  stop_daemon "$(node_daemon kube-proxy "$k")"
  stop_daemon "$(node_daemon kubelet "$k")"
  kill_pod_processes "$k"
  stop_daemon "$(node_daemon containerd "$k")"
  kill_shims "$k"
  ip netns delete "$(node_netns "$k")" 2>/dev/null || true
  remove_cgroups "$k"
}

# `scripts/local-cluster node stop|start NAME`: a node lost and back, for the node-loss drill. `stop` cuts the node
# off the others (its veth to the hub down; not for node 1, whose namespace holds the control plane) and freezes
# (SIGSTOP) its kubelet, kube-proxy, containerd, shims and every process of its pods: to the cluster the node is gone
# and becomes NotReady, while its pods' memory and volumes stay as they were. `start` thaws them and reconnects it.
cluster_node() {
  local action="${1:-}" name="${2:-}" k signal pids
  [[ "$action" == stop || "$action" == start ]] && [[ -n "$name" ]] ||
    die "usage: scripts/local-cluster node stop|start NODE_NAME (nodes: $(for k in $(node_numbers); do printf '%s ' "$(node_name_of "$k")"; done))"
  [[ -d "$PID_DIR" ]] || die "the local cluster is not running"
  k="$(node_number "$name")" ||
    die "no node $name in the local cluster (nodes: $(for k in $(node_numbers); do printf '%s ' "$(node_name_of "$k")"; done))"
  signal=STOP; [[ "$action" == start ]] && signal=CONT
  pids="$(pod_pids "$k") $(shim_pids "$k")"
  for daemon in $NODE_DAEMONS; do
    [[ -f "$PID_DIR/$(node_daemon "$daemon" "$k").pid" ]] && pids+=" $(cat "$PID_DIR/$(node_daemon "$daemon" "$k").pid")"
  done
  if [[ "$action" == stop ]] && (( k > 1 )); then ip -n "$NETNS" link set "rha-n$k" down; fi
  # shellcheck disable=SC2086
  kill -"$signal" $pids 2>/dev/null || true
  if [[ "$action" == start ]] && (( k > 1 )); then
    ip -n "$NETNS" link set "rha-n$k" up
    # the link's route goes with it when it goes down
    ip -n "$NETNS" route replace "$(pod_subnet_of "$k")" via "$(node_ip_of "$k")"
  fi
  echo "node $name $( [[ "$action" == stop ]] && echo "stopped (cut off, $(wc -w <<<"$pids") processes frozen)" || echo "started again")"
}
