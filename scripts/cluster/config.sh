# Configuration files of scripts/local-cluster (sourced): CNI, containerd, kubelet, kube-proxy.

write_configs() {
  mkdir -p "$STATE_DIR/containerd/certs.d" "$RUN_DIR"
  # No image registry is reachable: any pull of an image that was not built locally is sent to a
  # closed port on the namespace's loopback, so it fails at once (ErrImagePull) and goes nowhere else.
  local registry
  for registry in docker.io registry.k8s.io quay.io ghcr.io gcr.io k8s.gcr.io registry-1.docker.io; do
    mkdir -p "$STATE_DIR/containerd/certs.d/$registry"
    printf 'server = "http://127.0.0.1:1"\n\n[host."http://127.0.0.1:1"]\n  capabilities = ["pull", "resolve"]\n' \
      >"$STATE_DIR/containerd/certs.d/$registry/hosts.toml"
  done
  printf 'nameserver %s\n' "$NODE_IP" >"$STATE_DIR/resolv.conf"
  write_node_configs 1
}

# write_node_configs K: node K's CNI, containerd, kubelet and kube-proxy configs under $(node_dir K) (see nodes.sh).
write_node_configs() {
  local k="$1" dir run name ip subnet sock cgroup
  dir="$(node_dir "$k")"; run="$(node_run_dir "$k")"; name="$(node_name_of "$k")"; ip="$(node_ip_of "$k")"
  subnet="$(pod_subnet_of "$k")"; sock="$(node_sock "$k")"; cgroup="$(node_cgroup_root "$k")"
  mkdir -p "$dir/cni/net.d" "$dir/containerd" "$run"
  # no masquerading: a pod reaches pods of other nodes (and the host, which has a route back) with its own address,
  # as Redis and Sentinel need to see their peers' addresses; nothing leaves this machine
  cat >"$dir/cni/net.d/10-rha-pods.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "rha-pods",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "rha-cni0",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{"subnet": "$subnet"}]],
        "routes": [{"dst": "0.0.0.0/0"}],
        "dataDir": "$dir/cni/ipam"
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
EOF
  cat >"$dir/containerd/config.toml" <<EOF
version = 2
root = "$dir/containerd/root"
state = "$run/containerd-state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]

[grpc]
  address = "$sock"

[plugins."io.containerd.internal.v1.opt"]
  path = "$dir/containerd/opt"

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
    conf_dir = "$dir/cni/net.d"
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$STATE_DIR/containerd/certs.d"
EOF
  cat >"$dir/kubelet-config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
# This host has cgroup v1 (hybrid); kubelets since 1.35 refuse it unless told otherwise.
failCgroupV1: false
cgroupDriver: cgroupfs
# pods go under a cgroup of this cluster's own ($cgroup/kubepods), never the host's /kubepods
cgroupRoot: $cgroup
containerRuntimeEndpoint: unix://$sock
imageServiceEndpoint: unix://$sock
address: $ip
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
tlsCertFile: $PKI_DIR/$(node_cert "$k").crt
tlsPrivateKeyFile: $PKI_DIR/$(node_cert "$k").key
clusterDomain: $CLUSTER_DOMAIN
clusterDNS: [$CLUSTER_DNS_IP]
resolvConf: $STATE_DIR/resolv.conf
podLogsDir: $dir/pod-logs
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
  cat >"$dir/kube-proxy-config.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection:
  kubeconfig: $KUBECONFIG_FILE
hostnameOverride: $name
mode: iptables
clusterCIDR: $POD_CIDR
# NodePorts answer on the node address only, never on the machine's own interfaces
nodePortAddresses: ["$ip/32"]
oomScoreAdj: 0
bindAddress: $ip
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
conntrack:
  maxPerCore: 0
  min: 0
  tcpEstablishedTimeout: 0s
  tcpCloseWaitTimeout: 0s
EOF
}
