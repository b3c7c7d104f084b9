"""Running Qonys at scale: replicas behind nginx (``python -m deploy.serve``), configs and units for a server."""
