"""The command line: thin adapters that parse options, call the domain and render results."""


def main() -> None:
    from screenkit.cli.app import app

    app(prog_name="screenkit")
