#!/usr/bin/env bash
# Builds the Docker image from the Dockerfile and checks it: it runs as a
# non-root user, prints its version and judges examples/ mounted at /src.
# Skipped with a message when no Docker daemon is reachable.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v docker >/dev/null 2>&1 || ! docker info >/dev/null 2>&1; then
  echo "docker image skipped: no docker command or no reachable Docker daemon"
  exit 0
fi
image=lambdasec:ci-$$
trap 'docker image rm -f "$image" >/dev/null 2>&1 || true' EXIT
docker build --build-arg VERSION=ci -t "$image" .
user=$(docker image inspect -f '{{.Config.User}}' "$image")
case "$user" in
  "" | root | 0 | 0:*) echo "docker image runs as root (USER '$user')"; exit 1 ;;
esac
docker run --rm "$image" version
set +e
docker run --rm -v "$PWD/examples:/src:ro" "$image" scan --no-color --format json -o /dev/null .
code=$?
set -e
# 0: no finding at the default --fail-on (never); anything else is a failure.
if [ "$code" -ne 0 ]; then
  echo "docker image: scan of examples/ exited $code"; exit 1
fi
echo "docker image: ok (user $user)"
