"""Delivery: outputs built from the plan, and the targets that take them.

`build` turns the plan into output records (invites, the feed, speakers' calendars,
checklists); `targets` writes them to a folder, a file or a stream; `mail`, `headers` and
`smtp` send invitations by email, `replies` reads the answers back (and decides which count);
`caldav` publishes calendar objects to a CalDAV server; `deadline` keeps every network
exchange to a deadline; `userconfig` reads the person's own settings, and `secrets` their
passwords (environment, config file, a command, the system keyring), never the plan.

May import the core modules, calendars and documents; never planfile, publicity, usecases
or cli. Kept import-free.
"""
