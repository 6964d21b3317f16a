"""Delivery: outputs built from the plan, and the targets that take them.

`build` turns the plan into output records (invites, the feed, speakers' calendars,
checklists); `targets` writes them to a folder, a file or a stream; `mail` and `smtp` send
invitations by email, `replies` reads the answers back; `caldav` publishes calendar objects to
a CalDAV server; `userconfig` reads the person's own settings and secrets, never the plan.

May import the core modules, calendars and documents; never planfile, publicity, usecases
or cli. Kept import-free.
"""
