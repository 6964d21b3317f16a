"""The command line: thin adapters that parse options, call the domain and render results."""

import os


def main() -> None:
    # Pydantic otherwise scans every installed package's metadata for plugins the first time
    # a model is built (~15 ms, a tenth of start-up); a CLI has no use for them. Typer does the
    # same around its own use of pydantic.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from screenkit.cli.app import app

    app(prog_name="screenkit")
