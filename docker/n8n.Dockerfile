# syntax=docker/dockerfile:1
# chronos/n8n: n8n with the Chronos community package, one image for n8n main, the workers
# (`worker`) and the webhook processor (`webhook`): every n8n process must load the package.
# Build context: the repository root (docker compose -f docker/compose.yaml build).
# Not built where it was written (no container engine there); the package layout is the one
# the local stack and the end-to-end tests load (scripts/lib/n8n.ts installChronosPackage).

# --- build: the package, exactly what `npm pack` ships (package.json, dist/, README) ----------
FROM node:24-bookworm-slim AS build
WORKDIR /src
# `npm install` follows the lockfile (`npm ci` refuses it, see docs/decisions.md); scripts off.
COPY package.json package-lock.json ./
COPY admin-api/package.json admin-api/
COPY admin-ui/package.json admin-ui/
RUN npm install --ignore-scripts --no-audit --no-fund
COPY . .
# buildPackage of scripts/build.ts (the console is not needed here).
RUN node --input-type=module -e "const { buildPackage } = await import('./scripts/build.ts'); buildPackage();" \
    && mkdir -p /tmp/pack /tmp/package \
    && npm pack --silent --pack-destination /tmp/pack \
    && tar -xzf /tmp/pack/n8n-nodes-chronos-*.tgz -C /tmp/package --strip-components=1

# --- runtime: n8n's own image, the version scripts/n8n/package.json pins ----------------------
FROM n8nio/n8n:2.40.7
# The package waits here; docker/n8n-entrypoint.sh installs it into n8n's user folder at every
# start (that folder is a volume on n8n main, which would hide anything the image put there).
COPY --from=build --chown=node:node /tmp/package /opt/chronos/n8n-nodes-chronos
COPY docker/n8n-entrypoint.sh /usr/local/bin/chronos-n8n-entrypoint
# Nothing phones home or nags (the same settings as scripts/lib/n8n.ts OFFLINE_ENV); community
# packages on, installing unverified ones from the editor off.
ENV N8N_DIAGNOSTICS_ENABLED=false \
    N8N_DIAGNOSTICS_CONFIG_FRONTEND="" \
    N8N_DIAGNOSTICS_CONFIG_BACKEND="" \
    N8N_VERSION_NOTIFICATIONS_ENABLED=false \
    N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED=false \
    N8N_TEMPLATES_ENABLED=false \
    N8N_PERSONALIZATION_ENABLED=false \
    N8N_HIRING_BANNER_ENABLED=false \
    N8N_DYNAMIC_BANNERS_ENABLED=false \
    N8N_LICENSE_AUTO_RENEW_ENABLED=false \
    N8N_AI_ENABLED=false \
    N8N_MCP_ACCESS_ENABLED=false \
    N8N_UNVERIFIED_PACKAGES_ENABLED=false \
    N8N_COMMUNITY_PACKAGES_ENABLED=true \
    N8N_SENTRY_DSN="" \
    N8N_DISABLED_MODULES=mcp-registry,instance-ai \
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=true
USER node
# n8n main and the webhook processor serve /healthz/readiness on 5678; a worker does too when
# QUEUE_HEALTH_CHECK_ACTIVE=true (its QUEUE_HEALTH_CHECK_PORT defaults to 5678).
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=5 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:5678/healthz/readiness').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["tini", "--", "/usr/local/bin/chronos-n8n-entrypoint"]
