"""The command line: thin adapters that parse options, call the domain and render results."""

import os
import sys
from types import ModuleType

# The values with which pydantic's own loader returns no plugins at all.
_ALL_OFF = ("__all__", "1", "true")
_LOADER = "pydantic.plugin._loader"


def main() -> None:
    # Pydantic otherwise scans every installed package's metadata for plugins the first time
    # a model is built (~15 ms, a tenth of start-up); a CLI has no use for them. Typer does the
    # same around its own use of pydantic. With them off, the loader need not even be imported.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _no_plugin_loader()
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


class _NoPlugins(ModuleType):
    """Stands in for pydantic's plugin loader while plugins are off. The loader imports
    importlib.metadata (and with it email, zipfile, csv …) even when it then finds plugins
    disabled: 10-15 ms of every start-up. Anything else asked of it loads the real module,
    so a pydantic that wants more of its loader still gets it."""

    def get_plugins(self) -> tuple[()]:
        return ()

    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):  # the import system asking whether it is a package …
            raise AttributeError(name)
        del sys.modules[_LOADER]
        from importlib import import_module

        return getattr(import_module(_LOADER), name)


def _no_plugin_loader() -> None:
    """The stand-in, only while every plugin is off (a person may turn on some of them)."""
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") in _ALL_OFF and _LOADER not in sys.modules:
        sys.modules[_LOADER] = _NoPlugins(_LOADER)
