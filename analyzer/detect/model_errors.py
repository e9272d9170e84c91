"""ModelError: a model folder that cannot be used, said in one line that names the folder, the file and the field."""
from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

# pydantic error type -> how the field is described ("thresholds.blame must be a number, got 'abc'")
_MUST = {
    "float_type": "must be a number", "float_parsing": "must be a number", "finite_number": "must be a finite number",
    "int_type": "must be a whole number", "int_from_float": "must be a whole number",
    "string_type": "must be a string", "bool_type": "must be true or false",
    "list_type": "must be a list", "tuple_type": "must be a list", "dict_type": "must be an object",
    "model_type": "must be an object", "model_attributes_type": "must be an object",
    "extra_forbidden": "is not a known key", "none_required": "must be null",
}


class ModelError(Exception):
    """Raised by `load_model` for a missing, broken or tampered model folder; str() is a single line:
    "model folder models/x: model.json: thresholds.blame must be a number, got 'abc'"."""

    def __init__(self, folder: str | Path, where: str, problem: str):
        self.folder, self.where, self.problem = str(folder), where, " ".join(str(problem).split())
        super().__init__(f"model folder {self.folder}: " + (f"{where}: " if where else "") + self.problem)


def describe(err: ValidationError) -> str:
    """The first problem of a pydantic ValidationError as "<field> <what is wrong>, got <value>"."""
    e = err.errors(include_url=False)[0]
    field = ".".join(str(p) for p in e["loc"])
    kind = e["type"]
    if kind == "json_invalid":
        return f"not valid JSON ({e.get('ctx', {}).get('error', e['msg'])})"
    if kind == "missing":
        return f"{field} is missing"
    what = _MUST.get(kind) or _lower_first(e["msg"])
    got = "" if kind == "extra_forbidden" else f", got {_short(e.get('input'))}"
    return f"{field or 'the file'} {what}{got}"


def _lower_first(msg: str) -> str:
    if msg.startswith("Input should be "):
        return "must be " + msg.removeprefix("Input should be ")
    msg = msg.removeprefix("Value error, ")
    return msg[:1].lower() + msg[1:]


def _short(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
