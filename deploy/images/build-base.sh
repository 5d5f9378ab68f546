#!/usr/bin/env bash
# A local Debian bookworm base image for the Fulcrum images, made without a registry:
# debootstrap (minbase) from the Debian mirror this machine already uses, then `podman import`.
# It carries what every test image needs: a Java 17 runtime, systemd (to run the units as PID 1),
# curl and busybox (health checks, the demo's real servers and client), and PostgreSQL for a local
# stand-in of the demo's postgres image.
#
#   deploy/images/build-base.sh [IMAGE]     (default localhost/fulcrum-base:bookworm)
#
# The root file system is cached as a tarball in FULCRUM_IMAGE_CACHE (/var/cache/fulcrum), keyed by
# the package list, so a second run only imports it. Run as root (debootstrap, rootful podman).
set -euo pipefail
IMAGE=${1:-localhost/fulcrum-base:bookworm}
CACHE=${FULCRUM_IMAGE_CACHE:-/var/cache/fulcrum}
PACKAGES=openjdk-17-jre-headless,ca-certificates,curl,busybox,iproute2,procps,systemd,systemd-sysv,dbus,postgresql-15
KEY=$(printf '%s' "$PACKAGES" | sha256sum | cut -c1-12)
TARBALL=$CACHE/base-bookworm-$KEY.tar

if podman image exists "$IMAGE" && [[ $(podman image inspect -f '{{ index .Labels "fulcrum.base-key" }}' "$IMAGE" 2>/dev/null) == "$KEY" ]]; then
  exit 0
fi
if [[ ! -s $TARBALL ]]; then
  # the mirror apt already uses (deb822 or one-line sources)
  MIRROR=$(sed -n 's/^URIs: *\([^ ]*debian\/\?\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)
  [[ -n $MIRROR ]] || MIRROR=$(awk '$1 == "deb" && $3 == "bookworm" {print $2; exit}' /etc/apt/sources.list 2>/dev/null)
  MIRROR=${MIRROR:-http://deb.debian.org/debian}
  mkdir -p "$CACHE"
  ROOTFS=$(mktemp -d "$CACHE/rootfs.XXXXXX")
  trap 'rm -rf "$ROOTFS"' EXIT
  echo "fulcrum: debootstrap bookworm ($MIRROR) into $ROOTFS" >&2
  debootstrap --variant=minbase --include="$PACKAGES" bookworm "$ROOTFS" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 \
    || { tail -20 "$CACHE/debootstrap.log" >&2; exit 1; }
  # a smaller image: no package lists or downloaded archives (man pages stay: a JRE install needs man1/)
  rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/*
  tar --numeric-owner -C "$ROOTFS" -cf "$TARBALL.tmp" .
  mv "$TARBALL.tmp" "$TARBALL"
fi
podman import --change "LABEL fulcrum.base-key=$KEY" --change 'CMD ["/bin/bash"]' "$TARBALL" "$IMAGE" >/dev/null
echo "fulcrum: base image $IMAGE ($TARBALL)" >&2
