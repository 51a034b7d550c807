"""The options of ``subscribe`` and ``subscriptions edit``, declared once.

Both commands take the same targets and filters; ``subscriptions edit`` replaces the
settings given and keeps the others, so its switches have a ``--no-`` form and its options
no default. :func:`with_options` gives a command
these options, :func:`option_fields` turns them into the fields of ``SubscriptionSpec`` and
``SubscriptionEdit``.
"""

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

_TYPES_HELP = "Event type (expulsion, arrest, charge, conviction, recall, closure); repeatable."
_DEFAULT_TYPES = (
    "Default: every new event of the alert types (expulsion, arrest, charge, conviction)."
)


def _many(flag: str, metavar: str, help_text: str) -> Any:
    return typer.Option(flag, metavar=metavar, help=help_text)


Many = list[str] | None

Name = Annotated[str, typer.Argument(help="The subscriber's name.")]
Urls = Annotated[
    Many, _many("--url", "URL", "An apprise URL (mailto://, slack://, json://, …); repeatable.")
]
Config = Annotated[
    Path | None,
    typer.Option("--config", metavar="FILE", help="An apprise config file (YAML or text)."),
]
ConfigTags = Annotated[
    Many, _many("--config-tag", "TAG", "Only the config file's URLs with this tag; repeatable.")
]
Types = Annotated[Many, _many("--type", "TYPE", f"{_TYPES_HELP} {_DEFAULT_TYPES}")]
EditTypes = Annotated[Many, _many("--type", "TYPE", _TYPES_HELP)]  # no default: edit keeps them
Countries = Annotated[
    Many,
    _many("--country", "COUNTRY", "Country (ISO code or name) as actor or target; repeatable."),
]
Actors = Annotated[Many, _many("--actor", "COUNTRY", "Acting country only; repeatable.")]
Targets = Annotated[Many, _many("--target", "COUNTRY", "Target country only; repeatable.")]
Agencies = Annotated[Many, _many("--agency", "AGENCY", "Agency (GRU, KGB, …); repeatable.")]
Persons = Annotated[
    Many, _many("--person", "PERSON", "Person (a surname matches the full name); repeatable.")
]
Tags = Annotated[Many, _many("--tag", "TAG", "Watchlist tag of a matched entry; repeatable.")]
Languages = Annotated[
    Many, _many("--language", "LANG", "Only events reported in this language; repeatable.")
]
MinConfidence = Annotated[
    float | None,
    typer.Option("--min-confidence", help="Only events at least this confident (0–1)."),
]
DigestTime = Annotated[
    str | None,
    typer.Option("--digest-time", metavar="HH:MM", help="Local time of the daily digest (HH:MM)."),
]
Timezone = Annotated[
    str | None,
    typer.Option(
        "--timezone", metavar="ZONE", help="Time zone of --digest-time (e.g. Europe/Prague)."
    ),
]

# The switches: subscribe turns them on; edit turns them on or off (--no-…) or keeps them.
WatchlistOnly = Annotated[
    bool, typer.Option("--watchlist-only", help="Only events touching a watchlist entry.")
]
Digest = Annotated[
    bool, typer.Option("--digest", help="One daily digest instead of one alert per event.")
]
Ops = Annotated[
    bool,
    typer.Option(
        "--ops",
        help="Also operational notices: a feed dead (failing for feed_dead_after_days, "
        "or disabled) or recovered, once per change.",
    ),
]
EditWatchlistOnly = Annotated[
    bool | None,
    typer.Option(
        "--watchlist-only/--no-watchlist-only",
        help="Only events touching a watchlist entry, or any event.",
        show_default=False,
    ),
]
EditDigest = Annotated[
    bool | None,
    typer.Option(
        "--digest/--no-digest",
        help="One daily digest, or one alert per event (alerts waiting for a digest "
        "are then sent one by one).",
        show_default=False,
    ),
]
EditOps = Annotated[
    bool | None,
    typer.Option(
        "--ops/--no-ops",
        help="Also operational notices (a feed dead or recovered), or not.",
        show_default=False,
    ),
]

Clear = Annotated[
    Many,
    typer.Option(
        "--clear",
        metavar="FILTER",
        help="Empty a filter: type, country, actor, target, agency, person, tag, "
        "language or min-confidence; repeatable.",
    ),
]

# parameter: (its field in SubscriptionSpec and SubscriptionEdit, its option in subscribe,
# in edit where that differs, its default in subscribe), in the order --help lists them.
_OPTIONS: dict[str, tuple[str, Any, Any, Any]] = {
    "url": ("urls", Urls, None, None),
    "config": ("config", Config, None, None),
    "config_tag": ("config_tags", ConfigTags, None, None),
    "event_type": ("types", Types, EditTypes, None),
    "country": ("countries", Countries, None, None),
    "actor": ("actor_countries", Actors, None, None),
    "target": ("target_countries", Targets, None, None),
    "agency": ("agencies", Agencies, None, None),
    "person": ("persons", Persons, None, None),
    "tag": ("tags", Tags, None, None),
    "min_confidence": ("min_confidence", MinConfidence, None, 0.0),
    "language": ("languages", Languages, None, None),
    "watchlist_only": ("watchlist_only", WatchlistOnly, EditWatchlistOnly, False),
    "digest": ("digest", Digest, EditDigest, False),
    "digest_time": ("digest_time", DigestTime, None, "07:00"),
    "timezone": ("timezone", Timezone, None, "UTC"),
    "ops": ("ops", Ops, EditOps, False),
}
_REPEATABLE = frozenset((
    "url", "config_tag", "event_type", "country", "actor", "target", "agency", "person", "tag",
    "language",
))  # fmt: skip

Command = TypeVar("Command", bound=Callable[..., None])


def with_options(*, edit: bool) -> Callable[[Command], Command]:
    """Give a command taking ``**options`` the options above as its own, after its own
    parameters: ``subscribe``'s (``edit=False``) or ``subscriptions edit``'s, every one
    defaulting to None ("keep"), with ``--clear`` last."""

    def attach(command: Command) -> Command:
        signature = inspect.signature(command, eval_str=True)
        own = [p for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD]
        added = [
            inspect.Parameter(
                name,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=(edit_option or option) if edit else option,
                default=None if edit else default,
            )
            for name, (_, option, edit_option, default) in _OPTIONS.items()
        ]
        if edit:
            added.append(
                inspect.Parameter(
                    "clear", inspect.Parameter.KEYWORD_ONLY, annotation=Clear, default=None
                )
            )
        command.__signature__ = signature.replace(parameters=[*own, *added])  # type: ignore[attr-defined]
        return command

    return attach


def option_fields(options: dict[str, Any], *, empty: Any) -> dict[str, Any]:
    """The options by their field names in SubscriptionSpec and SubscriptionEdit; a
    repeatable option not given becomes ``empty``."""
    return {
        field: (list(options[name] or ()) or empty) if name in _REPEATABLE else options[name]
        for name, (field, *_) in _OPTIONS.items()
    }
