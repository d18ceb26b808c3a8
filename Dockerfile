# One image for api, worker and beat (docker-compose.yml picks the command).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
# WeasyPrint (cycle reports as PDF) needs Pango, HarfBuzz and a font.
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml alembic.ini ./
COPY api ./api
COPY workflows ./workflows
COPY worker ./worker
COPY frontend ./frontend
COPY migrations ./migrations
# Editable: the app finds frontend/ and migrations/ beside its packages, as in development.
RUN pip install --no-cache-dir -e .
RUN useradd --create-home eaa && mkdir -p /app/instance && chown eaa /app/instance
USER eaa
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-", "api.wsgi:app"]
