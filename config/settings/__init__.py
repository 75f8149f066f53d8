"""Settings: ``base`` holds everything shared; ``local`` (default), ``test`` and ``production`` adjust it.

Every value that differs between machines comes from the environment (README, "Configuration").
"""
