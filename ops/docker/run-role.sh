#!/bin/sh
# Entrypoint of the engine image: runs the role named by the command, as its only process (PID 1 after
# exec, so SIGTERM reaches the role's graceful stop). Extra arguments go to the role.
#   docker run gopang-engine edge
# `supervisor` is `npm start` without the bootstrap: it applies the migrations, makes the signing keys and
# runs every role as its child. Role entries: engine/main.ts (the supervisor's children).
set -eu
role="${1:-supervisor}"
[ "$#" -gt 0 ] && shift
case "$role" in
  edge) script=dist/edge/main.js ;;
  worker) script=dist/workers/main.js ;;
  scheduler) script=dist/engine/scheduler/main.js ;;
  auth) script=dist/engine/auth/main.js ;;
  orchestrator) script=dist/workers/orders/main.js ;;
  payment-gateway) script=dist/engine/payment/fake-gateway/main.js ;;
  supervisor) script=dist/engine/main.js ;;
  *)
    echo "unknown role \"$role\": edge, worker, scheduler, auth, orchestrator, payment-gateway or supervisor" >&2
    exit 64
    ;;
esac
exec node "/app/$script" "$@"
