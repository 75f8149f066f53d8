FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# numba's cache of the compiled Monte Carlo loops (simulation/core/engine/fused.py), filled below at
# build time, so that no container compiles them (some seconds) in its first Monte Carlo request.
ENV NUMBA_CACHE_DIR=/app/.numba-cache
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
RUN python -c "from simulation.core.engine import fused; assert fused.load() is not None"
EXPOSE 8000
