# Run step of scripts/local-cluster (sourced): start, verify, stop, status.
#
# Every cluster process runs inside a network namespace of its own ($NETNS), sharing the host's mount
# namespace. The node address ($NODE_IP) sits on a veth the script creates; the host reaches it through
# the veth's other end ($HOST_IP). kube-proxy's and the CNI plugins' iptables rules, the pod bridge and
# the pod routes all live in that namespace, so the host's own rules (e.g. a FORWARD policy of DROP set
# by dockerd) don't affect the cluster, and deleting the namespace removes every rule the cluster made.
# The namespace has no default route: nothing in the cluster can reach an address outside this machine.

ORIGINAL_SYSCTLS="$STATE_DIR/original-sysctls"

cluster_env() {
  printf 'export KUBECONFIG=%s\n' "$KUBECONFIG_FILE"
  printf 'export PATH=%s:$PATH\n' "$K8S_BIN"
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

# --- network --------------------------------------------------------------------------------------

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
  # inside the namespace only: routing for pods and Services
  in_netns sysctl -qw net.ipv4.ip_forward=1
  in_netns sysctl -qw net.bridge.bridge-nf-call-iptables=1 2>/dev/null ||
    set_sysctl_recorded net.bridge.bridge-nf-call-iptables 1
  # host-wide: what Redis asks of a host (its boot log warns otherwise)
  set_sysctl_recorded vm.overcommit_memory 1
}

# --- certificates and kubeconfig ------------------------------------------------------------------

issue_cert() {  # issue_cert NAME SUBJECT [SANS]
  local name="$1" subject="$2" sans="${3:-}"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$PKI_DIR/$name.key" \
    -out "$PKI_DIR/$name.csr" -subj "$subject" 2>/dev/null
  {
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=serverAuth,clientAuth"
    [[ -n "$sans" ]] && echo "subjectAltName=$sans"
  } >"$PKI_DIR/$name.ext"
  openssl x509 -req -in "$PKI_DIR/$name.csr" -CA "$PKI_DIR/ca.crt" -CAkey "$PKI_DIR/ca.key" -CAcreateserial \
    -days 365 -extfile "$PKI_DIR/$name.ext" -out "$PKI_DIR/$name.crt" 2>/dev/null
  rm -f "$PKI_DIR/$name.csr" "$PKI_DIR/$name.ext"
}

make_pki() {
  mkdir -p "$PKI_DIR"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
    -keyout "$PKI_DIR/ca.key" -out "$PKI_DIR/ca.crt" -subj "/CN=redis-ha-junit-local-cluster-ca" 2>/dev/null
  issue_cert apiserver "/CN=kube-apiserver" \
    "IP:$NODE_IP,IP:$KUBERNETES_SERVICE_IP,IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.$CLUSTER_DOMAIN"
  issue_cert admin "/O=system:masters/CN=kubernetes-admin"
  issue_cert kubelet "/CN=$NODE_NAME" "IP:$NODE_IP,DNS:$NODE_NAME"
  openssl genrsa -out "$PKI_DIR/sa.key" 2048 2>/dev/null
  openssl rsa -in "$PKI_DIR/sa.key" -pubout -out "$PKI_DIR/sa.pub" 2>/dev/null
  chmod 0600 "$PKI_DIR"/*.key
  cat >"$KUBECONFIG_FILE" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: redis-ha-junit-local
    cluster:
      server: https://$NODE_IP:6443
      certificate-authority-data: $(base64 -w0 "$PKI_DIR/ca.crt")
users:
  - name: admin
    user:
      client-certificate-data: $(base64 -w0 "$PKI_DIR/admin.crt")
      client-key-data: $(base64 -w0 "$PKI_DIR/admin.key")
contexts:
  - name: redis-ha-junit-local
    context:
      cluster: redis-ha-junit-local
      user: admin
current-context: redis-ha-junit-local
EOF
  chmod 0600 "$KUBECONFIG_FILE"
}

# --- configuration files --------------------------------------------------------------------------

write_configs() {
  mkdir -p "$STATE_DIR/cni/net.d" "$STATE_DIR/containerd/certs.d" "$RUN_DIR"
  cat >"$STATE_DIR/cni/net.d/10-rha-pods.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "rha-pods",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "rha-cni0",
      "isGateway": true,
      "ipMasq": true,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{"subnet": "${POD_CIDR%.*.*}.0.0/24"}]],
        "routes": [{"dst": "0.0.0.0/0"}],
        "dataDir": "$STATE_DIR/cni/ipam"
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
EOF
  # No image registry is reachable: any pull of an image that was not built locally is sent to a
  # closed port on the namespace's loopback, so it fails at once (ErrImagePull) and goes nowhere else.
  local registry
  for registry in docker.io registry.k8s.io quay.io ghcr.io gcr.io k8s.gcr.io registry-1.docker.io; do
    mkdir -p "$STATE_DIR/containerd/certs.d/$registry"
    printf 'server = "http://127.0.0.1:1"\n\n[host."http://127.0.0.1:1"]\n  capabilities = ["pull", "resolve"]\n' \
      >"$STATE_DIR/containerd/certs.d/$registry/hosts.toml"
  done
  cat >"$STATE_DIR/containerd/config.toml" <<EOF
version = 2
root = "$STATE_DIR/containerd/root"
state = "$RUN_DIR/containerd-state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]

[grpc]
  address = "$CONTAINERD_SOCK"

[plugins."io.containerd.internal.v1.opt"]
  path = "$STATE_DIR/containerd/opt"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  # this VM's capability bounding set lacks CAP_SYS_RESOURCE: runc can't set a negative oom_score_adj
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$STATE_DIR/cni/net.d"
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$STATE_DIR/containerd/certs.d"
EOF
  printf 'nameserver %s\n' "$NODE_IP" >"$STATE_DIR/resolv.conf"
  cat >"$STATE_DIR/kubelet-config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
# This host has cgroup v1 (hybrid); kubelets since 1.35 refuse it unless told otherwise.
failCgroupV1: false
cgroupDriver: cgroupfs
containerRuntimeEndpoint: unix://$CONTAINERD_SOCK
imageServiceEndpoint: unix://$CONTAINERD_SOCK
address: $NODE_IP
healthzBindAddress: 127.0.0.1
readOnlyPort: 0
authentication:
  anonymous:
    enabled: false
  webhook:
    enabled: true
  x509:
    clientCAFile: $PKI_DIR/ca.crt
authorization:
  mode: Webhook
tlsCertFile: $PKI_DIR/kubelet.crt
tlsPrivateKeyFile: $PKI_DIR/kubelet.key
clusterDomain: $CLUSTER_DOMAIN
clusterDNS: [$CLUSTER_DNS_IP]
resolvConf: $STATE_DIR/resolv.conf
podLogsDir: $STATE_DIR/pod-logs
# runc can't apply a negative oom_score_adj on this VM (see containerd's restrict_oom_score_adj)
oomScoreAdj: 0
failSwapOn: false
serializeImagePulls: false
# a single test node: don't evict pods over disk usage that a developer machine routinely has
evictionHard:
  memory.available: 100Mi
  nodefs.available: 1%
  imagefs.available: 1%
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
EOF
  cat >"$STATE_DIR/kube-proxy-config.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection:
  kubeconfig: $KUBECONFIG_FILE
hostnameOverride: $NODE_NAME
mode: iptables
clusterCIDR: $POD_CIDR
# NodePorts answer on the node address only, never on the machine's own interfaces
nodePortAddresses: ["$NODE_IP/32"]
oomScoreAdj: 0
bindAddress: $NODE_IP
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
conntrack:
  maxPerCore: 0
  min: 0
  tcpEstablishedTimeout: 0s
  tcpCloseWaitTimeout: 0s
EOF
}

# --- start ----------------------------------------------------------------------------------------

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
    --use-service-account-credentials=false --enable-hostpath-provisioner=true --profiling=false
  start_daemon kube-scheduler "$K8S_BIN/kube-scheduler" \
    --kubeconfig="$KUBECONFIG_FILE" --authentication-kubeconfig="$KUBECONFIG_FILE" --authorization-kubeconfig="$KUBECONFIG_FILE" \
    --bind-address=127.0.0.1 --leader-elect=false --profiling=false
}

start_node() {
  start_daemon containerd containerd --config "$STATE_DIR/containerd/config.toml"
  wait_until "containerd socket" 30 ctr --address "$CONTAINERD_SOCK" version ||
    die "containerd did not start: see $LOG_DIR/containerd.log"
  local image
  for image in "$PAUSE_IMAGE" "$COREDNS_IMAGE" "$REDIS_IMAGE"; do
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
  kubectl_ apply -f "$CLUSTER_SRC/addons/storage-class.yaml" >/dev/null
  sed -e "s|@COREDNS_IMAGE@|$COREDNS_IMAGE|g" -e "s|@CLUSTER_DNS_IP@|$CLUSTER_DNS_IP|g" \
    -e "s|@CLUSTER_DOMAIN@|$CLUSTER_DOMAIN|g" "$CLUSTER_SRC/addons/coredns.yaml" | kubectl_ apply -f - >/dev/null
  kubectl_ -n kube-system rollout status deployment/coredns --timeout=120s >/dev/null ||
    die "CoreDNS did not become available: $(kubectl_ -n kube-system get pods -o wide 2>&1)"
  # the default namespace's service account must exist before anything can run there
  wait_until "service account default/default" 60 "$K8S_BIN/kubectl" --kubeconfig "$KUBECONFIG_FILE" get serviceaccount default
}

cluster_up() {
  local started; started=$(date +%s)
  build_all
  if [[ -d "$PID_DIR" ]] && healthy; then
    echo "local cluster already up and healthy"
    echo "KUBECONFIG=$KUBECONFIG_FILE"
    return 0
  fi
  if [[ -d "$STATE_DIR" ]] || ip netns list 2>/dev/null | grep -qw "$NETNS"; then
    log "a previous cluster is not healthy: tearing it down first"
    cluster_down >/dev/null
  fi
  mkdir -p "$PID_DIR" "$LOG_DIR"
  [[ -d "$HOSTPATH_PV_DIR" ]] || touch "$STATE_DIR/created-hostpath-pv-dir"
  phase "network namespace $NETNS"; setup_network; phase_done
  phase "certificates and configs"; make_pki; write_configs; phase_done
  phase "control plane"; start_control_plane; phase_done
  phase "node (containerd, kubelet)"; start_node; phase_done
  phase "addons (dns, storage)"; apply_addons; phase_done
  phase "verify (dns, pvc, nodeport...)"
  "$CLUSTER_SRC/smoke-test" --quick >"$LOG_DIR/verify.log" 2>&1 || {
    cat "$LOG_DIR/verify.log" >&2
    die "the cluster started but failed its checks (above)"
  }
  phase_done
  printf 'local cluster up in %ss: node %s at %s, kubernetes %s\n' "$(($(date +%s) - started))" "$NODE_NAME" "$NODE_IP" "$KUBERNETES_VERSION"
  echo "KUBECONFIG=$KUBECONFIG_FILE"
}

# --- stop -----------------------------------------------------------------------------------------

# Processes of pods: everything in the kubelet's cgroups (only this cluster's kubelet makes them).
kill_pod_processes() {
  local procs
  procs=$(cat /sys/fs/cgroup/pids/kubepods/cgroup.procs /sys/fs/cgroup/pids/kubepods/*/cgroup.procs \
    /sys/fs/cgroup/pids/kubepods/*/*/cgroup.procs /sys/fs/cgroup/pids/kubepods/*/*/*/cgroup.procs 2>/dev/null || true)
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
  local controller
  for controller in /sys/fs/cgroup/*/; do
    [[ -d "${controller}kubepods" ]] && find "${controller}kubepods" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
}

cluster_down() {
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
