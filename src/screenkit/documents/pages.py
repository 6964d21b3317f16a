"""Printable HTML pages made from Jinja templates in `templates/`, autoescaped, so that a
film called `<script>` prints as text. Each page is self-contained: no fonts, scripts,
images or links to fetch, so it prints the same offline.

Fixed text in a template is marked for translation (`{% trans %}`, `gettext(…)`, the Jinja2
i18n extension) and read from the language's catalogue (`screenkit.text.i18n`). A page in two
languages renders a part once per language: `{% with gettext=L.trans,
ngettext=L.ntrans %}` around it, `L` being one of the `Words` that `words()` makes."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from screenkit.text.i18n import Language


@cache
def environment() -> Any:
    """The one Jinja environment of every page (checklists, returns, reports, slips, the
    site, posters): autoescaped, and an unknown name in a template is an error, not a gap."""
    from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined, select_autoescape

    # Documents' templates, then publicity's (site pages, posters): each package keeps its
    # own, and both share this environment's filters and escaping.
    loader = ChoiceLoader([PackageLoader("screenkit.documents", "templates"),
                           PackageLoader("screenkit.publicity", "templates")])  # fmt: skip
    env = Environment(
        loader=loader,
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    # English, the language of the templates, unless a page says otherwise (`words`).
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]  # from i18n
    env.filters.update(long_date=long_date, clock=clock, zone_name=zone_name)
    return env


class Words:
    """One language as a template uses it: `trans` and `ntrans`, its gettext and ngettext as
    the i18n extension calls them (escaped, then %-formatted with the block's variables:
    `{% with gettext=L.trans, ngettext=L.ntrans %}`), and everything else of the language
    itself (`L.code`, `L.direction`, `L.date(day)`, `L.gettext` for Python code …)."""

    def __init__(self, language: Language) -> None:
        from jinja2 import pass_context
        from markupsafe import Markup

        self.language = language

        @pass_context
        def gettext(context: Any, message: str, **variables: Any) -> str:
            text = language.gettext(message)
            if context.eval_ctx.autoescape:
                text = Markup(text)
            return text % variables

        @pass_context
        def ngettext(context: Any, singular: str, plural: str, n: int, **variables: Any) -> str:
            variables.setdefault("num", n)
            text = language.ngettext(singular, plural, n)
            if context.eval_ctx.autoescape:
                text = Markup(text)
            return text % variables

        self.trans, self.ntrans = gettext, ngettext

    def __getattr__(self, name: str) -> Any:
        return getattr(self.language, name)


@cache
def words(code: str) -> Words:
    from screenkit.text.i18n import language

    return Words(language(code))


def render(name: str, **context: Any) -> str:
    return str(environment().get_template(name).render(**context))


def streamed(template: Any, **context: Any) -> bytes:
    """A long page as UTF-8, written piece by piece: `render` joins a list of every piece
    first, which for an index of 10,000 screenings is six times the page."""
    import io

    out = io.BytesIO()
    for piece in template.generate(**context):
        out.write(piece.encode())
    return out.getvalue()


def long_date(day: dt.date) -> str:
    """`Thursday 8 October 2026`."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def clock(moment: dt.datetime) -> str:
    return f"{moment:%H:%M}"


def zone_name(moment: dt.datetime) -> str:
    """`BST, Europe/London time`: the abbreviation people know, and the unambiguous name."""
    abbreviation = moment.tzname() or ""
    zone = str(moment.tzinfo)
    if abbreviation and not abbreviation.startswith(("+", "-")) and abbreviation != zone:
        return f"{abbreviation}, {zone} time"
    return f"{zone} time (UTC{moment:%z})"
