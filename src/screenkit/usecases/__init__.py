"""The use cases: one function per thing a person asks screenkit to do.

Each takes a `workspace.Workspace` (where the plan is, what time it is, the environment) and
plain values, does the work through the domain packages and the plan file, and returns a
plain result for the caller to show. The CLI parses, calls one of these and renders; a script
or a test can call the same.

May import everything but the CLI. Kept import-free.
"""
