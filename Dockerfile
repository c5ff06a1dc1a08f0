# Sluice for the distributed deployment: one image, three roles (serve / worker / scheduler).
# Build the web UI first (Node), then install Sluice with the Celery extra into a slim Python.
FROM node:20-bookworm-slim AS web
WORKDIR /src
COPY web/package.json web/package-lock.json* web/
RUN if [ -f web/package.json ]; then cd web && (npm ci || npm install); fi
COPY . .
RUN if [ -f web/package.json ]; then cd web && npm run build; fi

FROM python:3.11-slim-bookworm
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONUNBUFFERED=1 SLUICE_HOST=0.0.0.0 SLUICE_DATA_DIR=/data
RUN useradd --create-home --uid 1000 sluice && mkdir -p /data && chown sluice /data
WORKDIR /app
COPY --from=web /src /app
RUN pip install --no-cache-dir uv && uv pip install --system --no-cache ".[celery]"
USER sluice
EXPOSE 8000
# `sluice serve` | `sluice worker` | `sluice scheduler` (see docker-compose.yml)
ENTRYPOINT ["sluice"]
CMD ["serve"]
