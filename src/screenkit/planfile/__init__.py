"""The plan file on disk: reading, locking, validating and atomically writing it (`store`),
in the named steps of one command (`session`), editing its text in place so comments and
layout survive (`tomldoc`), what a delivery's servers took before the plan says so
(`journal`), and TOML mistakes in plain words (`tomlerrors`).

May import the core modules at the package root; never calendars, delivery, documents,
publicity, usecases or cli. Kept import-free, so that importing a module below costs only
that module.
"""
