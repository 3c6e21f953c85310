"""YAML read safely for an agreement: plain data only, and nothing that could hurt.

On top of PyYAML's safe loader: aliases are refused (an alias bomb expands a few lines into
billions of nodes), nesting is bounded, field names must be text and appear once, dates stay
text (as they are in JSON), and numbers with a point are read exactly, as `Decimal`.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import ClassVar

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode

Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

STR = "tag:yaml.org,2002:str"
FLOAT = "tag:yaml.org,2002:float"
TIMESTAMP = "tag:yaml.org,2002:timestamp"
DEEPEST = 32
MOST_EVENTS = 100_000


class UnsafeYaml(ValueError):
    """The YAML holds something an agreement file may not: an alias, deep nesting, too much."""


class AgreementLoader(Base):  # type: ignore[valid-type,misc]  # CSafeLoader when built with libyaml
    """PyYAML's safe loader, with exact numbers, dates as text, and strict field names."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, object]]]] = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag != TIMESTAMP]
        for first, resolvers in Base.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[object, object]:
        """A mapping whose keys are text, each once: a repeated field would otherwise
        silently keep only its last value."""
        if not isinstance(node, MappingNode):
            raise ConstructorError(None, None, "expected a mapping", node.start_mark)
        mapping: dict[object, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag != STR:
                raise ConstructorError(None, None, "field names must be text (quote them if "
                                       "they look like numbers, dates or yes/no)",
                                       key_node.start_mark)
            key = key_node.value
            if key in mapping:
                raise ConstructorError(None, None, f"the field {key!r} appears twice",
                                       key_node.start_mark)
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_exact_number(self, node: Node) -> Decimal:
        """A number with a point, read exactly: 0.1 stays 0.1, as agreed."""
        text = str(node.value).replace("_", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            raise ConstructorError(None, None, f"{node.value!r} is not a number an agreement "
                                   "can hold", node.start_mark)
        return number


AgreementLoader.add_constructor(FLOAT, AgreementLoader.construct_exact_number)
AgreementLoader.add_constructor(TIMESTAMP, AgreementLoader.construct_yaml_str)


def load_yaml(text: str) -> object:
    """The plain data of one YAML document. Raises `UnsafeYaml` for aliases or nesting deeper
    than 32, `yaml.YAMLError` for what is not YAML."""
    depth = 0
    for events, event in enumerate(yaml.parse(text, Loader=AgreementLoader)):
        if isinstance(event, yaml.AliasEvent):
            raise UnsafeYaml(f"{_line(event)}aliases (*name) are not allowed in an agreement "
                             "file; write the value out")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > DEEPEST:
                raise UnsafeYaml(f"{_line(event)}nested more than {DEEPEST} levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if events > MOST_EVENTS:
            raise UnsafeYaml(f"more than {MOST_EVENTS} values")
    return yaml.load(text, Loader=AgreementLoader)  # a safe loader, see above


def _line(event: yaml.Event) -> str:
    mark = event.start_mark
    return "" if mark is None else f"line {mark.line + 1}: "
