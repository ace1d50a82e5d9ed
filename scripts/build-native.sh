#!/usr/bin/env bash
# Builds the Native AOT server, artifacts/native/nextcachekv, and prints its path: scripts/build-server.sh --native.
exec bash "$(dirname "${BASH_SOURCE[0]}")/build-server.sh" --native
