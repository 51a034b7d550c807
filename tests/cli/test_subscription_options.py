"""The options ``subscribe`` and ``subscriptions edit`` share (``cli/subscription_options``)."""

from __future__ import annotations

import inspect

from nongrata.alerts.checks import SPEC_FIELDS
from nongrata.alerts.editing import SubscriptionEdit
from nongrata.cli.subscription_options import option_fields
from nongrata.cli.subscriptions import subscribe_command
from nongrata.cli.subscriptions_edit import edit_command


def _options(command: object) -> dict[str, inspect.Parameter]:
    parameters = inspect.signature(command).parameters  # type: ignore[arg-type]
    return {n: p for n, p in parameters.items() if n not in {"ctx", "name"}}


def test_both_commands_take_the_same_options_edit_keeping_what_is_not_given() -> None:
    subscribe, edit = _options(subscribe_command), _options(edit_command)
    assert list(edit) == [*subscribe, "clear"]
    assert all(p.default is None for p in edit.values())
    assert subscribe["digest_time"].default == "07:00"
    assert subscribe["min_confidence"].default == 0.0


def test_the_options_map_onto_the_fields_of_a_spec_and_an_edit() -> None:
    given = dict.fromkeys(_options(subscribe_command)) | {"country": ["EE"], "ops": True}
    fields = option_fields(given, empty=[])
    assert sorted(fields) == sorted(SPEC_FIELDS)
    assert (fields["countries"], fields["agencies"], fields["ops"]) == (["EE"], [], True)
    kept = option_fields(given, empty=None)
    edit = SubscriptionEdit(**kept)
    assert edit.given() == {"countries": ["EE"], "ops": True}
