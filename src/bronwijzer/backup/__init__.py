"""Backup and restore of the whole site: ``bronwijzer backup`` and ``bronwijzer restore``.

Its own app because it reads and writes every table of every Bronwijzer app (and the accounts,
history and two-factor devices): it belongs to the project, not to the map's domain (``catalog``).
The work is in :mod:`bronwijzer.backup.services`; the file format is described there.
"""
