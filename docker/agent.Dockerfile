# syntax=docker/dockerfile:1
# chronos/agent: the Chronos agent (agent/, no npm dependencies), run as an unprivileged user.
# Build context: the repository root (docker compose -f docker/compose.yaml build agent).
# Not built where it was written (no container engine there).

# --- compile cache: Node's TypeScript stripper stays resident once loaded (~35 MB); a warm
# NODE_COMPILE_CACHE spares the agent from ever loading it (agent/README.md, "Memory").
# `--prepare` validates a configuration and loads every module, filling the cache. The
# configuration and key below exist for this step only; the cache is keyed by file path,
# content and Node version, so the runtime stage (same base image, same paths) hits it.
FROM node:24-bookworm-slim AS compile-cache
WORKDIR /opt/chronos
COPY agent/package.json agent/
COPY agent/src agent/src
RUN printf '{"api_url":"http://admin-api:8080"}' > /tmp/build-only-config.json \
    && CHRONOS_AGENT_CONFIG=/tmp/build-only-config.json \
    CHRONOS_AGENT_API_KEY=build-only \
    NODE_COMPILE_CACHE=/var/cache/chronos-agent \
    node agent/src/main.ts --prepare

# --- runtime -------------------------------------------------------------------------------
FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    NODE_COMPILE_CACHE=/var/cache/chronos-agent \
    CHRONOS_AGENT_CONFIG=/etc/chronos-agent/config.json
WORKDIR /opt/chronos
COPY --from=compile-cache /opt/chronos/agent agent
COPY --from=compile-cache --chown=node:node /var/cache/chronos-agent /var/cache/chronos-agent
# The state file (boot id, the agent's own reboot count) lives in a volume mounted here; a new
# named volume takes this folder's owner.
RUN mkdir -p /var/lib/chronos-agent /etc/chronos-agent \
    && chown node:node /var/lib/chronos-agent
USER node
# Finishes the report in progress on SIGTERM (compose gives it 40 s).
CMD ["node", "agent/src/main.ts"]
