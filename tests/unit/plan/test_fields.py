"""fields.py, the one definition of what people set, agrees with the models."""

import typing

from pydantic import BaseModel

from screenkit.plan import fields, models

RECORDS = [
    ("film", models.Film),
    ("venue", models.Venue),
    ("speaker", models.Speaker),
    ("screening", models.Screening),
]
INTERNAL = {("uid",), ("calendar",), ("done",), ("rsvp",), ("rota",), ("reminded",),
            ("owners",), ("tickets",)}  # fmt: skip  # by commands
OWN_COMMAND = {("result",)}  # set by `screenkit result`, from fields.RESULT


def leaf_paths(model: type[BaseModel], prefix=()):
    for name, info in model.model_fields.items():
        inner = [a for a in typing.get_args(info.annotation) if isinstance(a, type)]
        nested = next((a for a in inner if issubclass(a, BaseModel)), None)
        if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel):
            nested = info.annotation
        if nested is not None:
            yield from leaf_paths(nested, (*prefix, name))
        else:
            yield (*prefix, name)


def test_every_model_field_has_one_definition():
    for record, model in RECORDS:
        model_paths = {p for p in leaf_paths(model) if p[:1] not in INTERNAL | OWN_COMMAND}
        defined = [f.path for f in fields.FIELDS[record]]
        assert len(defined) == len(set(defined)), record
        assert set(defined) - model_paths == set(), f"{record}: fields the model lacks"
        missing = model_paths - set(defined)
        assert not missing, f"{record}: model fields with no option: {missing}"


def test_required_fields_agree_with_the_model():
    for record, model in RECORDS:
        required = {f.path[0] for f in fields.FIELDS[record] if f.required}
        assert required == {n for n, i in model.model_fields.items() if i.is_required()}


def test_the_result_fields_agree_with_the_result_model():
    assert {f.path for f in fields.RESULT} == set(leaf_paths(models.Result))
