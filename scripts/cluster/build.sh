# Build step of scripts/local-cluster (sourced): Debian packages, Go binaries and images, each cached
# under $CACHE_DIR by a key made of the pinned versions and the inputs' contents.

K8S_MINOR="${KUBERNETES_VERSION#v1.}"; K8S_MINOR="${K8S_MINOR%%.*}"
K8S_STAGING_VERSION="v0.${KUBERNETES_VERSION#v1.}"
GO_VERSION="$(go env GOVERSION 2>/dev/null || echo none)"
K8S_BIN="$CACHE_DIR/kubernetes-$KUBERNETES_VERSION-$GO_VERSION/bin"
ETCD_BIN="$CACHE_DIR/etcd-$ETCD_VERSION-$GO_VERSION/bin"
COREDNS_BIN="$CACHE_DIR/coredns-$COREDNS_VERSION-$GO_VERSION/bin"
LOCAL_PATH_PROVISIONER_BIN="$CACHE_DIR/local-path-provisioner-$LOCAL_PATH_PROVISIONER_VERSION-$GO_VERSION/bin"
IMAGETOOLS_BIN="$CACHE_DIR/imagetools-$(content_hash "$CLUSTER_SRC"/go/imagetools/*/*.go)-$GO_VERSION/bin"
# Go's module and build caches live in the cache directory too: a fresh one is a truly cold build.
export GOMODCACHE="$CACHE_DIR/go/mod" GOCACHE="$CACHE_DIR/go/build" GOFLAGS="-modcacherw"

ensure_packages() {
  local missing=()
  local pkg
  for pkg in $DEBIAN_PACKAGES; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    log "installing Debian packages: ${missing[*]}"
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  fi
  command -v go >/dev/null || die "go is not on PATH: this machine kind ships Go; install it to build Kubernetes"
  local redis_version
  redis_version="$(dpkg-query -W -f='${Version}' redis-server)"
  [[ "$redis_version" == *":$REDIS_DEBIAN_UPSTREAM-"* ]] ||
    die "Debian's redis-server is $redis_version, but $REDIS_IMAGE must be built from $REDIS_DEBIAN_UPSTREAM (versions.env)"
}

# go_build_in DIR OUT LDFLAGS PACKAGES...: build in a module directory, binaries into OUT (atomically).
go_build_in() {
  local dir="$1" out="$2" ldflags="$3"; shift 3
  local tmp="$out.partial"
  rm -rf "$tmp"; mkdir -p "$tmp"
  (cd "$dir" && CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$tmp/" "$@")
  rm -rf "$out"; mv "$tmp" "$out"
}

build_kubernetes() {
  [[ -x "$K8S_BIN/kubelet" && -x "$K8S_BIN/kubectl" ]] && return 0
  local mod="$CACHE_DIR/build/kubernetes-$KUBERNETES_VERSION"
  rm -rf "$mod"; mkdir -p "$mod"
  cp "$CLUSTER_SRC/go/kubernetes/tools.go" "$mod/"
  # k8s.io/kubernetes replaces its staging modules with ./staging paths, which a dependent module can't
  # use: map every one of them to its published release instead.
  {
    printf 'module redis-ha-junit.local/cluster/kubernetes\n\ngo 1.26.0\n\nrequire k8s.io/kubernetes %s\n\nreplace (\n' "$KUBERNETES_VERSION"
    (cd "$CACHE_DIR/build" && GO111MODULE=on go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION") |
      sed -n 's/.*"GoMod": "\(.*\)".*/\1/p' | xargs sed -n '/^replace (/,/^)/p' | grep '=> ./staging' |
      awk -v v="$K8S_STAGING_VERSION" '{ printf "\t%s => %s %s\n", $1, $1, v }'
    printf ')\n'
  } >"$mod/go.mod.partial"
  mv "$mod/go.mod.partial" "$mod/go.mod"
  (cd "$mod" && go mod tidy >/dev/null)
  local pkg="k8s.io/component-base/version" cg="k8s.io/client-go/pkg/version"
  local ldflags="-s -w -X $pkg.gitVersion=$KUBERNETES_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$K8S_MINOR -X $pkg.gitTreeState=clean"
  ldflags+=" -X $cg.gitVersion=$KUBERNETES_VERSION -X $cg.gitMajor=1 -X $cg.gitMinor=$K8S_MINOR"
  go_build_in "$mod" "$K8S_BIN" "$ldflags" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubelet \
    k8s.io/kubernetes/cmd/kube-proxy k8s.io/kubernetes/cmd/kubectl
}

build_etcd() {
  [[ -x "$ETCD_BIN/etcd" ]] && return 0
  local mod="$CACHE_DIR/build/etcd-$ETCD_VERSION"
  rm -rf "$mod"; mkdir -p "$mod"
  cp "$CLUSTER_SRC/go/etcd/main.go" "$mod/"
  printf 'module redis-ha-junit.local/cluster/etcd\n\ngo 1.26.0\n\nrequire go.etcd.io/etcd/server/v3 %s\n' "$ETCD_VERSION" >"$mod/go.mod"
  (cd "$mod" && go mod tidy >/dev/null)
  go_build_in "$mod" "$ETCD_BIN" "-s -w" .  # the module's last path element names the binary: etcd
}

# go_install_to OUT LDFLAGS MODULE@VERSION: `go install` a main module that has no replace directives, the binary
# into OUT (atomically).
go_install_to() {
  local out="$1" ldflags="$2" target="$3"
  rm -rf "$out.partial"; mkdir -p "$out.partial"
  CGO_ENABLED=0 GOBIN="$out.partial" go install -trimpath -ldflags "$ldflags" "$target"
  rm -rf "$out"; mv "$out.partial" "$out"
}

build_coredns() {
  [[ -x "$COREDNS_BIN/coredns" ]] && return 0
  go_install_to "$COREDNS_BIN" "-s -w" "github.com/coredns/coredns@$COREDNS_VERSION"
}

# local-path-provisioner, with the version its own build stamps in (`local-path-provisioner --version`)
build_local_path_provisioner() {
  [[ -x "$LOCAL_PATH_PROVISIONER_BIN/local-path-provisioner" ]] && return 0
  go_install_to "$LOCAL_PATH_PROVISIONER_BIN" "-s -w -X main.VERSION=$LOCAL_PATH_PROVISIONER_VERSION" \
    "github.com/rancher/local-path-provisioner@$LOCAL_PATH_PROVISIONER_VERSION"
}

build_imagetools() {
  [[ -x "$IMAGETOOLS_BIN/mkimage" && -x "$IMAGETOOLS_BIN/pause" ]] && return 0
  go_build_in "$CLUSTER_SRC/go/imagetools" "$IMAGETOOLS_BIN" "-s -w" ./pause ./mkimage
}

# copy_with_libs ROOTFS BINARY...: copy binaries (keeping symlinks) and the shared libraries they load.
copy_with_libs() {
  local rootfs="$1"; shift
  local bin lib
  for bin in "$@"; do
    mkdir -p "$rootfs$(dirname "$bin")"
    if [[ -L "$bin" ]]; then
      cp -a "$bin" "$rootfs$bin"
      bin="$(dirname "$bin")/$(readlink "$bin")"
      mkdir -p "$rootfs$(dirname "$bin")"
    fi
    cp -L "$bin" "$rootfs$bin"
    for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
      mkdir -p "$rootfs$(dirname "$lib")"
      cp -L "$lib" "$rootfs$lib"
    done
  done
}

# build_binary_image REF BINARY PATH_IN_IMAGE MKIMAGE_ARGS...: an image holding one static binary.
build_binary_image() {
  local ref="$1" binary="$2" path="$3"; shift 3
  local out; out="$(image_archive "$ref")"
  local key="$out.$(content_hash "$binary" "$IMAGETOOLS_BIN/mkimage")"
  [[ -f "$key" ]] && return 0
  local rootfs="$CACHE_DIR/build/rootfs-$(basename "$binary")"
  rm -rf "$rootfs"; mkdir -p "$rootfs/etc" "$rootfs$(dirname "$path")"
  cp "$binary" "$rootfs$path"
  "$IMAGETOOLS_BIN/mkimage" -rootfs "$rootfs" -ref "$ref" -out "$out" "$@"
  rm -f "$out".*; touch "$key"
}

build_pause_image() {
  build_binary_image "$PAUSE_IMAGE" "$IMAGETOOLS_BIN/pause" /pause -entrypoint '["/pause"]' -user 65535:65535
}

build_coredns_image() {
  build_binary_image "$COREDNS_IMAGE" "$COREDNS_BIN/coredns" /coredns -entrypoint '["/coredns"]' \
    -expose 53/udp -expose 53/tcp
}

# rancher/local-path-provisioner:v0.0.30 with the official image's interface: local-path-provisioner on PATH (its
# manifests run `local-path-provisioner start ...`). The helper pods it starts to make and remove the volumes'
# directories run another image, named in its ConfigMap (addons/local-path-provisioner.yaml: $REDIS_IMAGE's busybox).
build_local_path_provisioner_image() {
  build_binary_image "$LOCAL_PATH_PROVISIONER_IMAGE" "$LOCAL_PATH_PROVISIONER_BIN/local-path-provisioner" \
    /usr/bin/local-path-provisioner -entrypoint '["/usr/bin/local-path-provisioner"]' \
    -env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
}

# redis:7.0.15 from Debian's redis-server, with the official image's interface: redis-server and
# redis-cli on PATH, /data owned by uid 999 as the working directory, redis-server as the default
# command, and an entrypoint that drops to uid 999 and turns protected mode off without a config file.
build_redis_image() {
  local out; out="$(image_archive "$REDIS_IMAGE")"
  local entrypoint="$CLUSTER_SRC/images/redis/docker-entrypoint.sh"
  local key="$out.$( (dpkg-query -W redis-server busybox-static util-linux; cat "$entrypoint" "$IMAGETOOLS_BIN/mkimage") | sha256sum | cut -c1-12)"
  [[ -f "$key" ]] && return 0
  local rootfs="$CACHE_DIR/build/redis-rootfs"
  rm -rf "$rootfs"; mkdir -p "$rootfs"/bin
  copy_with_libs "$rootfs" /usr/bin/redis-server /usr/bin/redis-check-aof /usr/bin/redis-cli /usr/bin/redis-benchmark /usr/bin/setpriv
  cp /bin/busybox "$rootfs/bin/busybox"
  local applet
  for applet in $(/bin/busybox --list); do
    [[ -e "$rootfs/bin/$applet" || -e "$rootfs/usr/bin/$applet" ]] || ln -s busybox "$rootfs/bin/$applet"
  done
  image_base_rootfs "$rootfs" redis
  make_redis_image "$rootfs" "$REDIS_IMAGE" redis-server
  rm -f "$out".*; touch "$key"
}

# image_base_rootfs ROOTFS USER: what every Redis image has beside its binaries: /etc/passwd and /etc/group with
# USER as uid 999, /tmp, /data owned by 999 (the working directory), and the entrypoint.
image_base_rootfs() {
  local rootfs="$1" user="$2"
  mkdir -p "$rootfs"/{etc,tmp,data,usr/local/bin}
  install -m 0755 "$CLUSTER_SRC/images/redis/docker-entrypoint.sh" "$rootfs/usr/local/bin/docker-entrypoint.sh"
  printf 'root:x:0:0:root:/root:/bin/sh\n%s:x:999:999::/data:/bin/false\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' "$user" >"$rootfs/etc/passwd"
  printf 'root:x:0:\n%s:x:999:\nnogroup:x:65534:\n' "$user" >"$rootfs/etc/group"
  printf 'hosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
  chmod 1777 "$rootfs/tmp"
  chown 999:999 "$rootfs/data"; chmod 0755 "$rootfs/data"
}

# make_redis_image ROOTFS REF SERVER: the image archive of ROOTFS, with the official images' configuration.
make_redis_image() {
  local rootfs="$1" ref="$2" server="$3"
  "$IMAGETOOLS_BIN/mkimage" -rootfs "$rootfs" -ref "$ref" -out "$(image_archive "$ref")" \
    -entrypoint '["docker-entrypoint.sh"]' -cmd "[\"$server\"]" -workdir /data -expose 6379/tcp \
    -env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
}

# build_trixie_image REF SERVER USER "BINARY..." "LINK=TARGET...": an image from Debian trixie's packages
# ($TRIXIE_ROOTFS), with the interface of redis:7.0.15 above: BINARY... (names in /usr/bin, links kept) with the
# libraries they load from trixie, trixie's setpriv and busybox (its applets as links), LINK... as links to
# TARGET in /usr/bin, a merged /usr as trixie has it, SERVER as the default command and USER as uid 999. Rebuilt
# when the root filesystem's packages, the entrypoint, mkimage or the arguments change.
build_trixie_image() {
  local ref="$1" server="$2" user="$3" binaries="$4" links="$5"
  local out; out="$(image_archive "$ref")"
  local key="$out.$( (cat "$TRIXIE_ROOTFS/.packages"; echo "$server $user $binaries $links"
    cat "$CLUSTER_SRC/images/redis/docker-entrypoint.sh" "$IMAGETOOLS_BIN/mkimage") | sha256sum | cut -c1-12)"
  [[ -f "$key" ]] && return 0
  local rootfs="$CACHE_DIR/build/rootfs-$(echo "$ref" | tr '/:' '__')"
  rm -rf "$rootfs"; mkdir -p "$rootfs/usr"/{bin,sbin,lib,lib64}
  local dir; for dir in bin sbin lib lib64; do ln -s "usr/$dir" "$rootfs/$dir"; done
  image_base_rootfs "$rootfs" "$user"
  local name file lib
  for name in $binaries setpriv busybox; do
    file="/usr/bin/$name"
    [[ -e "$TRIXIE_ROOTFS$file" ]] || die "$TRIXIE_SUITE has no $file for $ref (versions.env TRIXIE_PACKAGES)"
    cp -a "$TRIXIE_ROOTFS$file" "$rootfs$file"
    if [[ -L "$TRIXIE_ROOTFS$file" ]]; then
      file="/usr/bin/$(readlink "$TRIXIE_ROOTFS$file")"
      cp -a "$TRIXIE_ROOTFS$file" "$rootfs$file"
    fi
    [[ "$name" == busybox ]] && continue  # static
    for lib in $(trixie_libs_of "$TRIXIE_ROOTFS" "$file"); do
      mkdir -p "$rootfs$(dirname "$lib")"
      cp -L "$TRIXIE_ROOTFS$lib" "$rootfs$lib"
    done
  done
  local link
  for link in $links; do ln -s "${link#*=}" "$rootfs/usr/bin/${link%%=*}"; done
  local applet
  for applet in $("$TRIXIE_ROOTFS/usr/bin/busybox" --list); do
    [[ -e "$rootfs/usr/bin/$applet" || -L "$rootfs/usr/bin/$applet" ]] || ln -s busybox "$rootfs/usr/bin/$applet"
  done
  make_redis_image "$rootfs" "$ref" "$server"
  rm -f "$out".*; touch "$key"
}

# redis:8.0.2: Debian trixie's redis-server and redis-tools; redis-sentinel, as in the official image.
build_redis8_image() {
  build_trixie_image "$REDIS8_IMAGE" redis-server redis \
    "redis-server redis-cli redis-benchmark redis-check-aof redis-check-rdb" "redis-sentinel=redis-server"
}

# valkey/valkey:8.1.1: Debian trixie's valkey-server and valkey-tools, user valkey; valkey-sentinel, and the
# redis-* names linked to the valkey-* ones as the official image has them (its `make install` makes them), so
# a manifest that runs redis-server and redis-cli (this project's) runs Valkey unchanged.
build_valkey_image() {
  local links="valkey-sentinel=valkey-server" name
  for name in server cli benchmark check-aof check-rdb sentinel; do links+=" redis-$name=valkey-$name"; done
  build_trixie_image "$VALKEY_IMAGE" valkey-server valkey \
    "valkey-server valkey-cli valkey-benchmark valkey-check-aof valkey-check-rdb" "$links"
}

build_all() {
  mkdir -p "$CACHE_DIR/build" "$IMAGES_DIR"
  phase "packages"; ensure_packages; phase_done
  phase "build kubernetes $KUBERNETES_VERSION"; build_kubernetes; phase_done
  phase "build etcd $ETCD_VERSION"; build_etcd; phase_done
  phase "build coredns $COREDNS_VERSION"; build_coredns; phase_done
  phase "build local-path $LOCAL_PATH_PROVISIONER_VERSION"; build_local_path_provisioner; phase_done
  phase "build images"; build_imagetools; build_pause_image; build_coredns_image; build_local_path_provisioner_image
  build_redis_image; phase_done
  phase "build images from $TRIXIE_SUITE"; ensure_trixie_rootfs; build_redis8_image; build_valkey_image; phase_done
}
