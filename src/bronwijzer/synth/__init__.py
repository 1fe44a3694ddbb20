"""Synthetic maps for scale tests and benchmarks: ``bronwijzer synthmap``.

Its own app because it is a tool for measuring the site, not part of the map's domain
(``catalog``): the generator is :mod:`bronwijzer.synth.generator`, its Dutch word lists
:mod:`bronwijzer.synth.words`. It has no models, views or URLs.
"""
