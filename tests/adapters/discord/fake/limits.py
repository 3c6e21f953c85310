"""What Discord refuses in what the bot sends, as its 400 (code 50035) `errors` would say."""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]

MODAL_TITLE, LABEL, INPUT_VALUE, CUSTOM_ID = 45, 45, 4000, 100  # Discord's limits


def modal_problems(data: Json) -> Json:
    """What Discord would refuse in a modal (as its 50035 `errors`), or nothing: a title,
    label or custom id too long, or a text input whose value (the pre-fill) is longer than
    its `max_length` or than any input takes."""
    problems: Json = {}
    if len(str(data.get("title", ""))) > MODAL_TITLE:
        problems["title"] = "BASE_TYPE_MAX_LENGTH"
    if len(str(data.get("custom_id", ""))) > CUSTOM_ID:
        problems["custom_id"] = "BASE_TYPE_MAX_LENGTH"

    def walk(component: Any, where: str) -> None:
        if isinstance(component, list):
            for index, item in enumerate(component):
                walk(item, f"{where}.{index}")
            return
        if not isinstance(component, dict):
            return
        if component.get("type") == 18 and len(str(component.get("label", ""))) > LABEL:
            problems[f"{where}.label"] = "BASE_TYPE_MAX_LENGTH"
        if component.get("type") == 4:
            value = component.get("value")
            most = min(int(component.get("max_length") or INPUT_VALUE), INPUT_VALUE)
            if isinstance(value, str) and len(value) > most:
                problems[f"{where}.value"] = "BASE_TYPE_BAD_LENGTH"
        walk(component.get("components"), f"{where}.components")
        walk(component.get("component"), f"{where}.component")

    walk(data.get("components"), "data.components")
    return problems
