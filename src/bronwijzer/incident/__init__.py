"""The incident route "Er is iets gebeurd" (``/er-is-iets-gebeurd/``): four questions, and calm
numbered steps with the help lines and resources of the map that fit the answers.

Its own face (beside ``web`` and ``kit``): a professional who faces an incident needs no kit.
The questions, answers and steps are :mod:`bronwijzer.incident.route` (texts in ``route.yaml``),
the page is :mod:`bronwijzer.incident.views`. Nothing is stored.
"""
