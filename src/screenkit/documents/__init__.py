"""Documents people print or read: the checklist for the evening, the distributor's
box-office return, the impact report, feedback slips, and `pages`, the one Jinja environment
they (and publicity) are rendered through, with the templates in `templates/`.

May import the core modules at the package root; never planfile, calendars, delivery,
publicity, usecases or cli. Kept import-free.
"""
