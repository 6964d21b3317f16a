"""The command line: thin adapters that parse options, call the domain and render results."""

import gc
import os


def main() -> None:
    # Pydantic otherwise scans every installed package's metadata for plugins the first time
    # a model is built (~15 ms, a tenth of start-up); a CLI has no use for them. Typer does the
    # same around its own use of pydantic.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # Start-up makes tens of thousands of objects that live until the exit (pydantic's
    # validators, Typer's commands, the modules), and the cyclic collector would walk them
    # again and again for nothing: a tenth of a short command. It is off until the command
    # asks for its workspace (`ui.Env.workspace`), which freezes what start-up made.
    gc.disable()
    from screenkit.cli.app import app

    try:
        app(prog_name="screenkit")
    finally:
        # The interpreter's last garbage collection, on the way out, would walk every object
        # to free them a moment before the process ends anyway. Frozen objects are skipped;
        # files are closed and flushed as usual, by reference counting.
        gc.freeze()
