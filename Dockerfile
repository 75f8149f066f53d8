FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# numba's cache of the compiled Monte Carlo loops (simulation/core/engine/fused.py), filled below at
# build time. numba keys it by the CPU, so a container on another CPU compiles them again (some
# seconds): docker-compose.yml does that as each container starts, never in a request.
ENV NUMBA_CACHE_DIR=/app/.numba-cache
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
RUN python -c 'from simulation.core.engine import fused; fused.load()'
EXPOSE 8000
