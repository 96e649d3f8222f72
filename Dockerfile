# syntax=docker/dockerfile:1
# govsim image: every simulator, the admin API + dashboard, and Debian's Chromium for the
# PDF report and portal checks. Runs as the unprivileged "node" user; evidence, reports
# and the test PKI live in the /data volume. Build: docker build -t govsim:0.1.0 .
# (Not built on the development machines, which have no Docker engine: the file is
# checked statically by packaging/docker.test.ts.)

# --- stage 1: production dependencies only --------------------------------------------
FROM node:20-bookworm-slim AS deps
WORKDIR /build
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund

# --- stage 2: compile the library entry points (dist/) with the dev dependencies -------
FROM node:20-bookworm-slim AS build
WORKDIR /build
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY cli ./cli
COPY simulators ./simulators
COPY schemas ./schemas
COPY packaging ./packaging
COPY msw ./msw
COPY testcontainers ./testcontainers
RUN node --import tsx packaging/build.ts

# --- stage 3: runtime ------------------------------------------------------------------
FROM node:20-bookworm-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-dejavu-core openssl tini ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data \
 && chown node:node /data
WORKDIR /opt/govsim
ENV NODE_ENV=production \
    GOVSIM_HOST=0.0.0.0 \
    GOVSIM_ADMIN_HOST=0.0.0.0 \
    GOVSIM_ADMIN_ALLOW_REMOTE=true \
    GOVSIM_PKI_DIR=/data/pki \
    GOVSIM_OUT_DIR=/data/out \
    GOVSIM_CHROMIUM=/usr/bin/chromium
COPY --from=deps /build/node_modules ./node_modules
COPY --from=build /build/dist ./dist
COPY package.json tsconfig.json ./
COPY cli ./cli
COPY simulators ./simulators
COPY steps ./steps
COPY features ./features
COPY reports ./reports
COPY schemas ./schemas
USER node
VOLUME ["/data"]
# admin API + dashboard, then each simulator's fixed ports (simulators/registry.ts)
EXPOSE 7070 8440 8040 8475 8075 8465 8065 2565 8470 8071 8460 8061 8450 8451
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:7070/admin/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["tini", "--", "node", "/opt/govsim/cli/govsim.mjs"]
CMD ["up"]
