# The gateway's container image: Node 24 LTS, production dependencies only, TypeScript compiled in a build
# stage, run as the unprivileged `node` user. No compiler, no dev dependency and no source reach the final image.
#
#   docker build -t schedule-gateway .
#   docker run --rm -p 4000:4000 schedule-gateway                      # sandbox mode
#   docker run --rm -p 4000:4000 --env-file .env schedule-gateway      # live: see .env.example
#
# test/production/prod-path.test.ts replays these instructions in a temporary folder (no Docker engine needed)
# and starts the result: keep to the instructions it understands (FROM … AS, WORKDIR, COPY [--from], RUN, ENV,
# USER, EXPOSE, HEALTHCHECK, CMD in exec form) and run that test after every change here.

FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/bundle.mjs ./scripts/
COPY src ./src
# tsc (type check, dist/ with source maps), then esbuild: dist/bundle/, which dist/main.js starts.
RUN npm run build

FROM node:24-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json ./
COPY scripts/build-if-needed.mjs ./scripts/
COPY --from=dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The embedded store's default DATA_DIR (./data): /app belongs to root, so the unprivileged user could not create
# it and the gateway would exit at start without a mounted volume. 1000:1000 is the base image's `node` user,
# by number so that the same line also works where no user of that name exists (the test's replay).
RUN mkdir -p data && chown 1000:1000 data
USER node
EXPOSE 4000
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s --retries=3 CMD ["node", "dist/healthcheck.js"]
CMD ["node", "dist/main.js"]
