"""The command line: thin adapters that parse options, call the domain and render results."""

import os


def main() -> None:
    # Pydantic otherwise scans every installed package's metadata for plugins the first time
    # a model is built (~15 ms, a tenth of start-up); a CLI has no use for them. Typer does the
    # same around its own use of pydantic.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from screenkit.cli.app import app

    try:
        app(prog_name="screenkit")
    finally:
        # The interpreter's last garbage collection, on the way out, walks every object that
        # start-up made (pydantic's validators, Typer's commands) to free them a moment before
        # the process ends anyway: ~20 ms, more than a tenth of a short command. Frozen
        # objects are skipped; files are closed and flushed as usual, by reference counting.
        import gc

        gc.freeze()
