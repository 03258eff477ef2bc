# syntax=docker/dockerfile:1
# chronos/admin-api: admin-api (API, console at /admin/, outbox relay — or the relay alone with
# `node admin-api/src/relay/main.ts`), and the config-check and setup one-shots of
# docker/compose.yaml. Target `tools` adds what the operator CLIs need (chronos/tools).
# Build context: the repository root (docker compose -f docker/compose.yaml build).
# Not built where it was written (no container engine there); each step is a command the
# project runs on Debian with Node 24.

# --- build: the console (admin-ui → admin-ui/dist) and the n8n package (dist/) ------------------
FROM node:24-bookworm-slim AS build
WORKDIR /src
# Manifests first: the dependency layer is rebuilt only when they change. `npm install` follows
# the lockfile (`npm ci` refuses it: npm 11 leaves other platforms' optional binaries out, see
# docs/decisions.md); install scripts stay off, as everywhere in this project.
COPY package.json package-lock.json ./
COPY admin-api/package.json admin-api/
COPY admin-ui/package.json admin-ui/
RUN npm install --ignore-scripts --no-audit --no-fund
COPY . .
RUN node scripts/build.ts

# --- deps: admin-api's runtime dependencies only -------------------------------------------
FROM node:24-bookworm-slim AS deps
WORKDIR /deps
COPY package.json package-lock.json ./
COPY admin-api/package.json admin-api/
COPY admin-ui/package.json admin-ui/
# Some of admin-api's dependencies sit in admin-api/node_modules (versions the root's
# development tools need differently); both folders are kept. The workspace links go.
RUN npm install --ignore-scripts --no-audit --no-fund --omit=dev --workspace admin-api \
    && rm -rf node_modules/@chronos \
    && mkdir -p admin-api/node_modules

# --- base: what admin-api and the CLIs run on --------------------------------------------
FROM node:24-bookworm-slim AS base
# pg_dump, pg_restore, pg_dumpall and psql of PostgreSQL 16, the major version of the compose
# file's server (a dump needs a client at least as new as the server; Debian 12 ships 15).
# They come from the PostgreSQL project's own apt repository (PGDG) rather than being copied
# out of the postgres:16 image: copied binaries would need their shared libraries picked by
# hand (libpq, OpenSSL, LZ4, zstd, GSSAPI, LDAP…), while apt resolves them. The repository's
# signing key and setup script come with Debian's postgresql-common package, so nothing
# unsigned is fetched.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates postgresql-common \
    && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
    && apt-get install -y --no-install-recommends postgresql-client-16 \
    && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    BACKUP_PG_BIN_DIR=/usr/lib/postgresql/16/bin
WORKDIR /app
COPY package.json ./
COPY admin-api/package.json admin-api/
COPY admin-api/src admin-api/src
COPY shared shared
COPY migrations migrations
# The CLIs that need only admin-api's dependencies run in admin-api's image too (check-config,
# setup, api-key, admin, backup, migrate): `docker compose exec admin-api node scripts/<cli>.ts`.
COPY scripts scripts
COPY --from=build /src/admin-ui/dist admin-ui/dist

# --- tools: every dependency and workflows/ (chronos/tools) ----------------------------------
# The workflow CLI (scripts/workflows.ts) imports the local-stack helpers, which need the
# development dependencies; the operator runs it with `docker compose run --rm tools …`.
FROM base AS tools
COPY --from=build /src/node_modules node_modules
COPY --from=build /src/admin-api/node_modules admin-api/node_modules
COPY workflows workflows
USER node
CMD ["node", "scripts/workflows.ts", "status"]

# --- runtime (the default target): admin-api's runtime dependencies only -------------------
FROM base AS runtime
COPY --from=deps /deps/node_modules node_modules
COPY --from=deps /deps/admin-api/node_modules admin-api/node_modules
USER node
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:8080/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "admin-api/src/server.ts"]
