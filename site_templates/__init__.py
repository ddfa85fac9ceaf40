"""Default page templates, labels, theme overrides and assets of the handbook site.

A handbook's own `site_templates/` folder overrides any of these files.
"""
