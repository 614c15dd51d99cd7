"""serve stage: the REST API and the web explorer.

In: a store URL and optionally an engine factory. Out: `create_app()`, a FastAPI
application (see `newsevents.serve.app`).
"""

from newsevents.serve.app import create_app

__all__ = ["create_app"]
