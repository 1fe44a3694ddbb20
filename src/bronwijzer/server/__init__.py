"""Running the site: ``bronwijzer serve`` (migrate, collect the static files when they changed, load
the default map into an empty database, then gunicorn) and ``bronwijzer migrate`` (Django's, which
first creates the SQLite database file).

Its own app because starting the server is the project's business, not the map's (``catalog``).
It has no models, views or URLs.
"""
