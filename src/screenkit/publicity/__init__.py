"""What the public sees: a screening's public facts (`facts`, never the private ones), and
the site, poster, listing text and schema.org data made only from them.

May import the core modules, calendars and documents (for the page templates); never
planfile, delivery, usecases or cli. Kept import-free.
"""
