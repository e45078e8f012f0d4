# syntax=docker/dockerfile:1
# The Gopang engine image: one image for every role (docs/operations.md, "Containers").
#   docker build -t gopang-engine .
#   docker run --rm gopang-engine edge    # or worker, scheduler, auth, orchestrator, payment-gateway, supervisor
# compose.yaml runs every role with Redis, NATS, Postgres, Prometheus and Grafana. Production settings are
# on (NODE_ENV=production): every role refuses to start on laptop settings (docs/operations.md,
# "Production checks").
# NODE_VERSION: 20, 22 or 24 (package.json engines)
ARG NODE_VERSION=20

# build: every dependency, then tsc; only what the roles run is kept in dist/
# trixie: glibc 2.41, so uWS' binaries load as built (npm ci's postinstall has nothing to change)
FROM node:${NODE_VERSION}-trixie-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/uws-glibc-compat.mjs scripts/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx tsc -p . && rm -rf dist/test dist/bench dist/client dist/scripts/client-types.* dist/.tsbuildinfo

# runtime: production dependencies, the compiled roles, the Lua scripts and the SQL migrations; no root
FROM node:${NODE_VERSION}-trixie-slim AS runtime
ENV NODE_ENV=production \
    HTTP_HOST=0.0.0.0 \
    DATA_DIR=/var/lib/gopang
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/uws-glibc-compat.mjs scripts/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist dist
COPY lua lua
COPY engine/platform/db/migrations engine/platform/db/migrations
COPY ops/docker/run-role.sh ops/docker/healthcheck.mjs ops/docker/
# DATA_DIR: keys/ (the auth role's signing keys, the edges' JWKS) and objects/ (review images), owned by
# the user the roles run as, so named volumes mounted there start with that owner
RUN mkdir -p /var/lib/gopang/keys /var/lib/gopang/objects && chown -R node:node /var/lib/gopang
USER node
# HTTP_PORT of the edges; metrics and the fake gateway's port are for the container network
EXPOSE 8080
ENTRYPOINT ["/app/ops/docker/run-role.sh"]
CMD ["supervisor"]
