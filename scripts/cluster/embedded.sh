# The K3s-contract image and the Docker engine of scripts/embedded (sourced after versions.env, lib.sh
# and build.sh): the image is made of what scripts/local-cluster builds, and loaded with `docker import`.

K3S_CONTRACT_REPO=redis-ha-junit/k3s-contract
K3S_CONTRACT_IMAGE="$K3S_CONTRACT_REPO:$KUBERNETES_VERSION"
K3S_CONTRACT_KEY_LABEL=io.github.redis-ha-junit.content-key
DOCKER_STATE_DIR=/run/redis-ha-junit-docker
DOCKER_LOG=/var/log/redis-ha-junit-dockerd.log
# Docker's own default, distinct from the local cluster's 10.213-10.215 ranges
DOCKER_BRIDGE_IP=172.17.0.1/16
# Debian's docker CLI (the engine's own version), not a newer one that may be earlier on PATH
DOCKER_CLI=/usr/bin/docker
docker_() { "$DOCKER_CLI" "$@"; }

# Debian packages whose files go into the image, besides those of the local cluster.
EMBEDDED_DEBIAN_PACKAGES="docker.io bash"

ensure_docker_package() {
  [[ -x /usr/sbin/dockerd && -x "$DOCKER_CLI" ]] && return 0
  log "installing Debian's docker.io"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker.io >/dev/null
}

docker_running() { docker_ info >/dev/null 2>&1; }

# docker_up: use the engine that answers on /var/run/docker.sock, or start dockerd (remembering that
# this script started it, so that docker_down stops that one only).
docker_up() {
  ensure_docker_package
  if docker_running; then
    log "Docker engine already running: $(docker_ version -f '{{.Server.Version}}' 2>/dev/null)"
    return 0
  fi
  mkdir -p "$DOCKER_STATE_DIR"
  # --bip: the default bridge's address, stated, so that its gateway shows in `docker network inspect
  # bridge`; Testcontainers, in a machine with /.dockerenv as this VM has, reaches containers through that
  # gateway, and without one it asks an alpine container for it (an image no registry here serves)
  setsid /usr/sbin/dockerd --pidfile "$DOCKER_STATE_DIR/dockerd.pid" --bip "$DOCKER_BRIDGE_IP" \
    >>"$DOCKER_LOG" 2>&1 </dev/null &
  echo $! >"$DOCKER_STATE_DIR/started.pid"
  wait_until "dockerd" 60 docker_ info ||
    die "dockerd did not start: see $DOCKER_LOG ($(tail -n 3 "$DOCKER_LOG" 2>/dev/null | tr '\n' ' '))"
  log "Docker engine started: $(docker_ version -f '{{.Server.Version}}'), log $DOCKER_LOG"
}

# Containers of the contract image (what an interrupted test run leaves behind).
remove_contract_containers() {
  docker_running || return 0
  local ids
  ids="$(docker_ ps -aq --filter "ancestor=$K3S_CONTRACT_IMAGE")"
  [[ -z "$ids" ]] && return 0
  log "removing containers of $K3S_CONTRACT_IMAGE: $(echo $ids)"
  docker_ rm -f -v $ids >/dev/null
}

# docker_down: remove the contract image's containers, then stop dockerd if docker_up started it.
docker_down() {
  remove_contract_containers
  local f="$DOCKER_STATE_DIR/started.pid" pid
  if [[ ! -f "$f" ]]; then
    docker_running && log "Docker engine left running: this script did not start it"
    return 0
  fi
  pid="$(cat "$f")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    local i
    for ((i = 0; i < 60; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && { log "dockerd $pid ignored TERM for 30s: killing it"; kill -KILL "$pid"; }
  fi
  rm -rf "$DOCKER_STATE_DIR"
  log "Docker engine stopped"
}

# The cache key of the image: every input, by version or content (the big binaries by their
# versioned directories, the images by their content keys).
contract_image_key() {
  {
    echo "$K8S_BIN $ETCD_BIN $COREDNS_BIN"
    ls "$IMAGES_DIR"
    dpkg-query -W $DEBIAN_PACKAGES $EMBEDDED_DEBIAN_PACKAGES 2>/dev/null
    cat "$CLUSTER_SRC"/{versions.env,lib.sh,nodes.sh,pki.sh,config.sh,start.sh,embedded.sh} "$CLUSTER_SRC"/addons/* \
      "$CLUSTER_SRC/images/k3s-contract/k3s"
  } | sha256sum | cut -c1-12
}

# contract_rootfs DIR: the image's file system.
contract_rootfs() {
  local rootfs="$1"
  rm -rf "$rootfs"
  mkdir -p "$rootfs"/{bin,sbin,etc/rancher/k3s,tmp,root,run,var/lib/rancher/k3s,usr/local/bin,opt/redis-ha-junit/images}
  # the cluster's own binaries (hard links: same file system as the cache, no copy)
  local bin
  for bin in "$K8S_BIN"/{kube-apiserver,kube-controller-manager,kube-scheduler,kubelet,kube-proxy,kubectl} "$ETCD_BIN/etcd"; do
    ln "$bin" "$rootfs/usr/local/bin/" 2>/dev/null || cp "$bin" "$rootfs/usr/local/bin/"
  done
  local image
  for image in $PRELOADED_IMAGES; do
    cp "$(image_archive "$image")" "$rootfs/opt/redis-ha-junit/images/"
  done
  # the local cluster's scripts, which /bin/k3s runs
  mkdir -p "$rootfs/opt/redis-ha-junit/cluster/addons"
  cp "$CLUSTER_SRC"/{versions.env,lib.sh,nodes.sh,pki.sh,config.sh,start.sh} "$rootfs/opt/redis-ha-junit/cluster/"
  cp "$CLUSTER_SRC"/addons/* "$rootfs/opt/redis-ha-junit/cluster/addons/"
  install -m 0755 "$CLUSTER_SRC/images/k3s-contract/k3s" "$rootfs/bin/k3s"
  # Debian's container runtime, CNI plugins and the tools the scripts and the kubelet call
  copy_with_libs "$rootfs" /usr/bin/containerd /usr/bin/containerd-shim-runc-v2 /usr/bin/ctr /usr/sbin/runc \
    /usr/bin/bash /usr/bin/openssl /usr/sbin/conntrack /usr/bin/ip /usr/bin/mount /usr/bin/umount \
    /usr/bin/setpriv /usr/bin/date /usr/sbin/xtables-nft-multi /usr/lib/cni/*
  local lib
  for lib in /usr/lib/x86_64-linux-gnu/xtables/*.so; do copy_with_libs "$rootfs" "$lib"; done
  local tool
  for tool in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore; do
    ln -sf xtables-nft-multi "$rootfs/usr/sbin/$tool"
  done
  ln -sf /usr/bin/bash "$rootfs/bin/bash"
  mkdir -p "$rootfs/usr/lib/ssl" && cp /etc/ssl/openssl.cnf "$rootfs/usr/lib/ssl/openssl.cnf"
  # busybox for everything else the scripts use (sed, awk, grep, base64, sha256sum, setsid...)
  cp /bin/busybox "$rootfs/bin/busybox"
  local applet
  for applet in $(/bin/busybox --list); do
    [[ -e "$rootfs/bin/$applet" || -e "$rootfs/usr/bin/$applet" || -e "$rootfs/sbin/$applet" ||
      -e "$rootfs/usr/sbin/$applet" ]] || ln -s busybox "$rootfs/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  printf 'hosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
  chmod 1777 "$rootfs/tmp"
}

# build_contract_image: build (when its key changed) and load the image into the Docker engine.
build_contract_image() {
  local key; key="$(contract_image_key)"
  if [[ "$(docker_ image inspect -f "{{index .Config.Labels \"$K3S_CONTRACT_KEY_LABEL\"}}" "$K3S_CONTRACT_IMAGE" 2>/dev/null)" == "$key" ]]; then
    log "$K3S_CONTRACT_IMAGE is up to date (key $key)"
    return 0
  fi
  local rootfs="$CACHE_DIR/build/k3s-contract-rootfs"
  contract_rootfs "$rootfs"
  tar -C "$rootfs" --numeric-owner -cf - . | docker_ import \
    --change 'ENTRYPOINT ["/bin/k3s"]' --change 'CMD ["server"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "ENV CONTAINERD_ADDRESS=$CONTAINERD_SOCK" \
    --change 'ENV CONTAINERD_NAMESPACE=k8s.io' \
    --change 'VOLUME /var/lib/rancher/k3s' --change 'EXPOSE 6443/tcp' \
    --change "LABEL $K3S_CONTRACT_KEY_LABEL=$key" \
    --change "LABEL io.github.redis-ha-junit.kubernetes-version=$KUBERNETES_VERSION" \
    - "$K3S_CONTRACT_IMAGE" >/dev/null
  rm -rf "$rootfs"
  docker_ image prune -f --filter "label=$K3S_CONTRACT_KEY_LABEL" >/dev/null  # the builds it replaces
  log "built $K3S_CONTRACT_IMAGE (key $key, $(docker_ image inspect -f '{{.Size}}' "$K3S_CONTRACT_IMAGE" | awk '{ printf "%d MB", $1 / 1e6 }'))"
}
