# Configuration files of scripts/local-cluster (sourced): CNI, containerd, kubelet, kube-proxy.

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
# pods go under a cgroup of this cluster's own ($CGROUP_ROOT/kubepods), never the host's /kubepods
cgroupRoot: $CGROUP_ROOT
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
