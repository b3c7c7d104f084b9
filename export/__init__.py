"""The static public site of Qonys (``python -m export --out DIR``) and the acceptance report (``export.acceptance``).

DESIGN.md, "Running at scale": public traffic goes to a self-contained export of the public map that any static
host or embassy website can serve with no server and no network.
"""
