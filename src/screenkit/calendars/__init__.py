"""iCalendar: what every calendar client reads the same way.

`ical` writes invites, the feed and speakers' calendars; `vtimezone` the time zones they use;
`objects` one stored calendar object per screening (CalDAV, vdir); `identity` a screening's
calendar identity over time (UID, SEQUENCE, DTSTAMP, what was last sent); `splice` cuts one
event's calendar out of a feed without parsing it again.

May import the core modules at the package root; never planfile, delivery, documents,
publicity, usecases or cli. Kept import-free.
"""
