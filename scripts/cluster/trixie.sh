# Trixie step (sourced by build.sh and by scripts/cluster/trixie-rootfs): Debian trixie's redis-server and
# valkey-server with the dependency closure of their packages, unpacked into one root filesystem under $CACHE_DIR.
# The images redis:8.0.2 and valkey/valkey:8.1.1 are built from it, and the unit tests run its servers on the
# host (through its own dynamic loader, so the host's bookworm libraries are never mixed in).
#
# apt runs with a state, cache and sources list of its own ($TRIXIE_APT_DIR): the host's apt (bookworm) is not
# touched. The mirror is the one the host's apt already uses for Debian. Nothing is installed: the packages are
# only downloaded and unpacked (dpkg-deb -x), so no maintainer script runs.

TRIXIE_APT_DIR="$CACHE_DIR/apt-$TRIXIE_SUITE"
# A stable path (the tests' default, see LocalServer); its .key file says which inputs built it.
TRIXIE_ROOTFS="$CACHE_DIR/$TRIXIE_SUITE-rootfs"
TRIXIE_LOADER=/usr/lib64/ld-linux-x86-64.so.2
TRIXIE_LIBS=/usr/lib/x86_64-linux-gnu

# The cache key: the pins and this file. A new point release in the suite is picked up by changing a pin
# (or deleting the root filesystem), not silently.
trixie_key() {
  { printf '%s\n' "$TRIXIE_SUITE" "$TRIXIE_PACKAGES" "$REDIS8_DEBIAN_UPSTREAM" "$VALKEY_DEBIAN_UPSTREAM"
    cat "$CLUSTER_SRC/trixie.sh"; } | sha256sum | cut -c1-12
}

# The Debian mirror the host's apt is configured with: the repository of the host's own suite (e.g. bookworm),
# read from the sources alone (--no-release-info: no apt-get update needed first).
debian_mirror() {
  local codename; codename="$(. /etc/os-release && echo "$VERSION_CODENAME")"
  apt-get indextargets --no-release-info --format '$(REPO_URI) $(RELEASE)' 'Created-By: Packages' 2>/dev/null |
    awk -v c="$codename" '$2 == c { print $1; exit }'
}

trixie_apt() {
  apt-get -q -o Dir::Etc::SourceList="$TRIXIE_APT_DIR/sources.list" -o Dir::Etc::SourceParts="$TRIXIE_APT_DIR/sources.list.d" \
    -o Dir::Etc::Preferences="$TRIXIE_APT_DIR/preferences" -o Dir::Etc::PreferencesParts="$TRIXIE_APT_DIR/preferences.d" \
    -o Dir::State="$TRIXIE_APT_DIR/state" -o Dir::State::status="$TRIXIE_APT_DIR/state/status" \
    -o Dir::Cache="$TRIXIE_APT_DIR/cache" -o APT::Architecture=amd64 -o APT::Architectures::=amd64 \
    -o Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false \
    -o Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled=false \
    -o Acquire::IndexTargets::deb::DEP-11-icons-small::DefaultEnabled=false \
    -o Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled=false \
    -o Debug::NoLocking=1 "$@"
}

# ensure_trixie_rootfs: $TRIXIE_ROOTFS holds the packages of $TRIXIE_PACKAGES and their dependencies, unpacked,
# with merged-/usr links; $TRIXIE_ROOTFS/.packages lists what is in it ("name version" a line).
ensure_trixie_rootfs() {
  local key; key="$(trixie_key)"
  [[ -f "$TRIXIE_ROOTFS/.key" && "$(cat "$TRIXIE_ROOTFS/.key")" == "$key" ]] && return 0
  local mirror; mirror="$(debian_mirror)"
  [[ -n "$mirror" ]] || die "cannot tell which Debian mirror the host's apt uses (apt-get indextargets lists none)"
  log "downloading $TRIXIE_PACKAGES and their dependencies from $TRIXIE_SUITE"
  rm -rf "$TRIXIE_APT_DIR"
  mkdir -p "$TRIXIE_APT_DIR"/{sources.list.d,preferences.d,state/lists/partial,cache/archives/partial}
  touch "$TRIXIE_APT_DIR/state/status"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $TRIXIE_SUITE main" \
    >"$TRIXIE_APT_DIR/sources.list"
  trixie_apt update >/dev/null
  # an empty dpkg status: apt resolves the whole closure, libc included
  # shellcheck disable=SC2086
  trixie_apt install -y --download-only --no-install-recommends $TRIXIE_PACKAGES >/dev/null
  local tmp="$TRIXIE_ROOTFS.partial" deb
  rm -rf "$tmp"; mkdir -p "$tmp/usr"/{bin,sbin,lib,lib64}
  for dir in bin sbin lib lib64; do ln -s "usr/$dir" "$tmp/$dir"; done
  for deb in "$TRIXIE_APT_DIR"/cache/archives/*.deb; do
    dpkg-deb -x "$deb" "$tmp"
    dpkg-deb --show --showformat='${Package} ${Version}\n' "$deb" >>"$tmp/.packages"
  done
  sort -o "$tmp/.packages" "$tmp/.packages"
  local pkg want got
  for pkg in "redis-server $REDIS8_DEBIAN_UPSTREAM" "valkey-server $VALKEY_DEBIAN_UPSTREAM"; do
    want="${pkg#* }"; pkg="${pkg%% *}"
    got="$(awk -v p="$pkg" '$1 == p { print $2 }' "$tmp/.packages")"
    got="${got#*:}"
    [[ "${got%%[-+]*}" == "$want" ]] ||
      die "$TRIXIE_SUITE's $pkg is ${got:-missing}, but versions.env pins upstream $want"
  done
  for bin in redis-server valkey-server; do
    trixie_run "$tmp" "/usr/bin/$bin" --version >/dev/null ||
      die "$TRIXIE_SUITE's $bin does not run from $tmp: $(trixie_run "$tmp" "/usr/bin/$bin" --version 2>&1)"
  done
  echo "$key" >"$tmp/.key"
  rm -rf "$TRIXIE_ROOTFS"; mv "$tmp" "$TRIXIE_ROOTFS"
  rm -rf "$TRIXIE_APT_DIR/cache/archives"
}

# trixie_run ROOTFS BINARY ARGS...: run a binary of the root filesystem on this host, with its own loader and
# libraries (argv[0] stays the binary's path: redis-server and valkey-server pick their mode from it).
trixie_run() {
  local rootfs="$1" bin="$2"; shift 2
  "$rootfs$TRIXIE_LOADER" --library-path "$rootfs$TRIXIE_LIBS" "$rootfs$bin" "$@"
}

# trixie_libs_of ROOTFS BINARY: the shared libraries BINARY loads, as paths inside ROOTFS (its loader included).
trixie_libs_of() {
  local rootfs="$1" bin="$2"
  echo "$TRIXIE_LOADER"
  "$rootfs$TRIXIE_LOADER" --library-path "$rootfs$TRIXIE_LIBS" --list "$rootfs$bin" |
    grep -o "$rootfs/[^ ]*" | sed "s|^$rootfs||" | grep -vx "$bin"
}
