# Start step of scripts/local-cluster (sourced): network, control plane, node, addons, verify.
#
# Every cluster process runs inside a network namespace of its own ($NETNS), sharing the host's mount
# namespace. The node address ($NODE_IP) sits on a veth the script creates; the host reaches it through
# the veth's other end ($HOST_IP). kube-proxy's and the CNI plugins' iptables rules, the pod bridge and
# the pod routes all live in that namespace, so the host's own rules (e.g. a FORWARD policy of DROP set
# by dockerd) don't affect the cluster, and deleting the namespace removes every rule the cluster made.
# The namespace has no default route: nothing in the cluster can reach an address outside this machine.

set_sysctl_recorded() {  # set a host-wide sysctl, remembering its value for `down`
  local key="$1" value="$2" old
  old="$(sysctl -n "$key")"
  [[ "$old" == "$value" ]] && return 0
  grep -q "^$key=" "$ORIGINAL_SYSCTLS" 2>/dev/null || echo "$key=$old" >>"$ORIGINAL_SYSCTLS"
  sysctl -qw "$key=$value"
}

setup_network() {
  if ip -o addr show | grep -q " ${NODE_IP%.*}\." || ip route show | grep -q "^${NODE_IP%.*}\."; then
    die "${NODE_IP%.*}.0/$NODE_PREFIX is already in use on this host: change NODE_IP and HOST_IP in versions.env"
  fi
  ip netns add "$NETNS"
  ip link add "$HOST_VETH" type veth peer name "$NODE_VETH" netns "$NETNS"
  ip addr add "$HOST_IP/$NODE_PREFIX" dev "$HOST_VETH"
  ip link set "$HOST_VETH" up
  in_netns ip link set lo up
  in_netns ip addr add "$NODE_IP/$NODE_PREFIX" dev "$NODE_VETH"
  in_netns ip link set "$NODE_VETH" up
  # the host reaches the other nodes and every pod through node 1 (see nodes.sh); the routes go with the veth
  ip route add "${NODE_IP%.*.*}.0.0/16" via "$NODE_IP"
  ip route add "$POD_CIDR" via "$NODE_IP"
  # Services: kube-proxy rewrites a connection to a Service with endpoints before routing, and rejects one to a
  # Service without (`has no endpoints -j REJECT`) in FORWARD, after routing: the service range needs a route.
  # A real node has its default route; without one here, such a connect got ICMP net-unreachable, which TCP
  # retries on, and hung until its timeout (14-42 s for redis-cli) instead of being refused. A veth pair that
  # leads nowhere gives the range its route; nothing sent there leaves the namespace.
  in_netns ip link add rha-svc type veth peer name rha-svc-end
  in_netns ip link set rha-svc-end up
  in_netns ip link set rha-svc up
  in_netns ip route add "$SERVICE_CIDR" dev rha-svc
  # inside the namespace only: routing for pods and Services
  in_netns sysctl -qw net.ipv4.ip_forward=1
  in_netns sysctl -qw net.bridge.bridge-nf-call-iptables=1 2>/dev/null ||
    set_sysctl_recorded net.bridge.bridge-nf-call-iptables 1
  # host-wide: what Redis asks of a host (its boot log warns otherwise)
  set_sysctl_recorded vm.overcommit_memory 1
}

start_control_plane() {
  start_daemon etcd "$ETCD_BIN/etcd" --name rha --data-dir "$STATE_DIR/etcd" \
    --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
    --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
    --initial-cluster rha=http://127.0.0.1:2380 --unsafe-no-fsync --log-level warn
  start_daemon kube-apiserver "$K8S_BIN/kube-apiserver" \
    --etcd-servers=http://127.0.0.1:2379 \
    --bind-address="$NODE_IP" --advertise-address="$NODE_IP" --secure-port=6443 \
    --service-cluster-ip-range="$SERVICE_CIDR" --service-node-port-range=30000-32767 \
    --tls-cert-file="$PKI_DIR/apiserver.crt" --tls-private-key-file="$PKI_DIR/apiserver.key" \
    --client-ca-file="$PKI_DIR/ca.crt" \
    --kubelet-client-certificate="$PKI_DIR/admin.crt" --kubelet-client-key="$PKI_DIR/admin.key" \
    --kubelet-certificate-authority="$PKI_DIR/ca.crt" --kubelet-preferred-address-types=InternalIP \
    --service-account-issuer="https://kubernetes.default.svc.$CLUSTER_DOMAIN" \
    --service-account-key-file="$PKI_DIR/sa.pub" --service-account-signing-key-file="$PKI_DIR/sa.key" \
    --authorization-mode=Node,RBAC --allow-privileged=true --profiling=false --event-ttl=1h
  wait_until "kube-apiserver /readyz" 90 bash -c "[[ \"\$('$K8S_BIN/kubectl' --kubeconfig '$KUBECONFIG_FILE' get --raw /readyz)\" == ok ]]" ||
    die "kube-apiserver did not become ready: see $LOG_DIR/kube-apiserver.log and $LOG_DIR/etcd.log"
  start_daemon kube-controller-manager "$K8S_BIN/kube-controller-manager" \
    --kubeconfig="$KUBECONFIG_FILE" --authentication-kubeconfig="$KUBECONFIG_FILE" --authorization-kubeconfig="$KUBECONFIG_FILE" \
    --bind-address=127.0.0.1 --leader-elect=false \
    --service-cluster-ip-range="$SERVICE_CIDR" --cluster-cidr="$POD_CIDR" --allocate-node-cidrs=false \
    --cluster-signing-cert-file="$PKI_DIR/ca.crt" --cluster-signing-key-file="$PKI_DIR/ca.key" \
    --root-ca-file="$PKI_DIR/ca.crt" --service-account-private-key-file="$PKI_DIR/sa.key" \
    --use-service-account-credentials=false --profiling=false
  start_daemon kube-scheduler "$K8S_BIN/kube-scheduler" \
    --kubeconfig="$KUBECONFIG_FILE" --authentication-kubeconfig="$KUBECONFIG_FILE" --authorization-kubeconfig="$KUBECONFIG_FILE" \
    --bind-address=127.0.0.1 --leader-elect=false --profiling=false
}

# make_cgroup_root [K]: node K's kubelet cgroup root must exist in every hierarchy before it starts (cgroupfs
# driver); default node 1.
make_cgroup_root() {
  local hierarchy root
  root="$(node_cgroup_root "${1:-1}")"
  for hierarchy in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do
    [[ -f "${hierarchy}cgroup.procs" ]] && mkdir -p "${hierarchy%/}$root"
  done
  return 0
}

start_node() {
  make_cgroup_root
  start_daemon containerd containerd --config "$STATE_DIR/containerd/config.toml"
  wait_until "containerd socket" 30 ctr --address "$CONTAINERD_SOCK" version ||
    die "containerd did not start: see $LOG_DIR/containerd.log"
  local image
  for image in $PRELOADED_IMAGES; do
    ctr_ images import --no-unpack "$(image_archive "$image")" >/dev/null ||
      die "could not import $image into containerd"
  done
  start_daemon kubelet "$K8S_BIN/kubelet" --config="$STATE_DIR/kubelet-config.yaml" \
    --kubeconfig="$KUBECONFIG_FILE" --hostname-override="$NODE_NAME" --node-ip="$NODE_IP" \
    --root-dir="$STATE_DIR/kubelet"
  start_daemon kube-proxy "$K8S_BIN/kube-proxy" --config="$STATE_DIR/kube-proxy-config.yaml"
  wait_until "node $NODE_NAME Ready" 120 bash -c \
    "'$K8S_BIN/kubectl' --kubeconfig '$KUBECONFIG_FILE' get node '$NODE_NAME' -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -qx True" ||
    die "node $NODE_NAME did not become Ready: see $LOG_DIR/kubelet.log and $LOG_DIR/containerd.log"
}

apply_addons() {
  # StorageClass local-path (the default) and its provisioner, local-path-provisioner: volumes in $LOCAL_PATH_DIR
  sed -e "s|@LOCAL_PATH_PROVISIONER_IMAGE@|$LOCAL_PATH_PROVISIONER_IMAGE|g" -e "s|@HELPER_IMAGE@|$REDIS_IMAGE|g" \
    -e "s|@LOCAL_PATH_DIR@|$LOCAL_PATH_DIR|g" "$CLUSTER_SRC/addons/local-path-provisioner.yaml" | kubectl_ apply -f - >/dev/null
  kubectl_ apply -f "$CLUSTER_SRC/addons/storage-class.yaml" >/dev/null
  sed -e "s|@COREDNS_IMAGE@|$COREDNS_IMAGE|g" -e "s|@CLUSTER_DNS_IP@|$CLUSTER_DNS_IP|g" \
    -e "s|@CLUSTER_DOMAIN@|$CLUSTER_DOMAIN|g" "$CLUSTER_SRC/addons/coredns.yaml" | kubectl_ apply -f - >/dev/null
  kubectl_ -n kube-system rollout status deployment/coredns --timeout=120s >/dev/null ||
    die "CoreDNS did not become available: $(kubectl_ -n kube-system get pods -o wide 2>&1)"
  kubectl_ -n local-path-storage rollout status deployment/local-path-provisioner --timeout=120s >/dev/null ||
    die "local-path-provisioner did not become available: $(kubectl_ -n local-path-storage get pods -o wide 2>&1)"
  # the default namespace's service account must exist before anything can run there
  wait_until "service account default/default" 60 "$K8S_BIN/kubectl" --kubeconfig "$KUBECONFIG_FILE" get serviceaccount default
}

# cluster_up [N]: the cluster with N nodes (default 1); one already up gets the nodes it lacks (never fewer).
cluster_up() {
  local nodes="${1:-1}" started; started=$(date +%s)
  [[ "$nodes" =~ ^[1-9]$ ]] || die "--nodes must be 1 to 9 but was '$nodes'"
  build_all
  if [[ -d "$PID_DIR" ]] && healthy; then
    if (( nodes > $(node_numbers | wc -l) )); then
      phase "nodes 2-$nodes"; start_extra_nodes "$nodes"; phase_done
      printf 'local cluster up: %s nodes (%s added in %ss)\n' "$nodes" "$((nodes - 1))" "$(($(date +%s) - started))"
    else
      echo "local cluster already up and healthy ($(node_numbers | wc -l) nodes)"
    fi
    echo "KUBECONFIG=$KUBECONFIG_FILE"
    return 0
  fi
  if [[ -d "$STATE_DIR" ]] || ip netns list 2>/dev/null | grep -qw "$NETNS"; then
    log "a previous cluster is not healthy: tearing it down first"
    cluster_down >/dev/null
  fi
  mkdir -p "$PID_DIR" "$LOG_DIR"
  phase "network namespace $NETNS"; setup_network; phase_done
  phase "certificates and configs"; make_pki; write_configs; phase_done
  phase "control plane"; start_control_plane; phase_done
  phase "node (containerd, kubelet)"; start_node; phase_done
  if (( nodes > 1 )); then phase "nodes 2-$nodes"; start_extra_nodes "$nodes"; phase_done; fi
  phase "addons (dns, storage)"; apply_addons; phase_done
  phase "verify (dns, pvc, nodeport...)"
  "$CLUSTER_SRC/smoke-test" --quick >"$LOG_DIR/verify.log" 2>&1 || {
    cat "$LOG_DIR/verify.log" >&2
    die "the cluster started but failed its checks (above)"
  }
  phase_done
  printf 'local cluster up in %ss: %s node(s), %s at %s first, kubernetes %s\n' "$(($(date +%s) - started))" "$nodes" \
    "$NODE_NAME" "$NODE_IP" "$KUBERNETES_VERSION"
  echo "KUBECONFIG=$KUBECONFIG_FILE"
}
