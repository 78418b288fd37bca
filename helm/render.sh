#!/usr/bin/env bash
# Prints `helm template` of the operator chart to stdout, fetching helm first when needed (helm/lib/tools.sh).
# Used by the operator's RBAC test to read the rules the chart really grants.
# Usage: helm/render.sh [extra helm template args, e.g. --set watchAnyNamespace=false]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/tools.sh
source "$repo/helm/lib/tools.sh"
ensure_helm
exec "$HELM" template danube-connect-operator "$repo/helm/danube-connect-operator" --namespace danube-system "$@"
