"""Wire protocols, one module each, behind one Protocol (base.py) and one registry.

Nothing here is imported by ``modelmap validate``.
"""
