"""Presentation that every face shares: the ``bronwijzer`` template tag library.

The site, the kit, the exports and the report form all show resources the same way (labels of
vocabulary values and languages, the map's own text marked as Dutch, highlighted search words,
filter links). Faces never import each other, so what they share sits here, one layer below them
and above the domain (see docs/architecture.md).
"""
