#!/bin/sh
# Entrypoint of the chronos/n8n image (docker/n8n.Dockerfile) for n8n main, worker and webhook
# processor alike: installs the Chronos community package that the image carries into n8n's
# user folder, then hands over to n8n's own entrypoint (which runs `n8n "$@"`).
#
# Why at start and not in the image: the user folder (/home/node/.n8n) is usually a volume,
# and a volume hides what the image has at that path — after an upgrade n8n would keep loading
# the package version the volume was first filled with. Why not N8N_CUSTOM_EXTENSIONS: n8n
# names nodes loaded from there `CUSTOM.<node>`, while the workflows use the package form
# `n8n-nodes-chronos.<node>` that a community-package install gives (ARCHITECTURE, "Node type
# names"). So the layout is exactly the installer's (and scripts/lib/n8n.ts
# installChronosPackage's): <user folder>/.n8n/nodes/node_modules/n8n-nodes-chronos, holding
# what `npm pack` ships, replaced whole at every start.
#
# CHRONOS_PACKAGE_DIR and CHRONOS_NEXT_ENTRYPOINT exist for the tests (tests/deploy), which run
# this script outside a container.
set -eu

source_dir="${CHRONOS_PACKAGE_DIR:-/opt/chronos/n8n-nodes-chronos}"
nodes_dir="${N8N_USER_FOLDER:-$HOME}/.n8n/nodes"
target="$nodes_dir/node_modules/n8n-nodes-chronos"
# Staged outside node_modules: n8n loads every node_modules/n8n-nodes-* folder it finds.
staging="$nodes_dir/.chronos-package-staging"

mkdir -p "$nodes_dir/node_modules"
rm -rf "$staging"
cp -R "$source_dir" "$staging"
rm -rf "$target"
mv "$staging" "$target"
# n8n's own bookkeeping file for the nodes folder, as its installer would leave it.
if [ ! -f "$nodes_dir/package.json" ]; then
  printf '{\n  "name": "installed-nodes",\n  "private": true\n}' >"$nodes_dir/package.json"
fi

exec "${CHRONOS_NEXT_ENTRYPOINT:-/docker-entrypoint.sh}" "$@"
