"""An agreement imported from the text of a YAML or JSON file: terms, or every problem.

Text or bytes come in; nothing is read from disk. What could hurt is refused before it is
parsed or built: more than 256 KiB, bytes that are not UTF-8, YAML aliases (alias bombs), deep
nesting, field names that are not text, a field given twice. Then the document is read as terms
(`read_terms`): all of it, or nothing, with each problem naming its field.
"""

from __future__ import annotations

import json
from enum import StrEnum

import yaml

from bot.campaign.terms.plain_json import UnreadableText, UnsafeJson, document_text, load_json
from bot.campaign.terms.problems import InvalidAgreement, Problem
from bot.campaign.terms.safe_yaml import UnsafeYaml, load_yaml
from bot.campaign.terms.terms import CampaignTerms
from bot.campaign.terms.terms_reading import read_terms

LARGEST_FILE = 256 * 1024  # bytes


class FileFormat(StrEnum):
    YAML = "yaml"
    JSON = "json"


def import_agreement(content: str | bytes,
                     file_format: FileFormat = FileFormat.YAML) -> CampaignTerms:
    """The terms an agreement file states. Raises `InvalidAgreement`, and only that, listing
    every problem; nothing else is raised and nothing is kept from a refused file."""
    return read_terms(agreement_data(content, file_format))


def agreement_data(content: str | bytes, file_format: FileFormat = FileFormat.YAML) -> object:
    """The file's plain data (mappings, lists, text, numbers), not yet read as terms: what the
    JSON Schema describes. Raises `InvalidAgreement` if it cannot be parsed safely."""
    try:
        text = document_text(content, LARGEST_FILE, "an agreement file")
    except UnreadableText as unreadable:
        raise InvalidAgreement([Problem("", str(unreadable))]) from None
    try:
        if file_format is FileFormat.JSON:
            return load_json(text, "an agreement")
        return load_yaml(text)
    except (UnsafeYaml, UnsafeJson) as error:
        raise InvalidAgreement([Problem("", str(error))]) from None
    except yaml.MarkedYAMLError as error:
        raise InvalidAgreement([Problem("", _marked(error))]) from None
    except json.JSONDecodeError as error:
        raise InvalidAgreement([Problem("", f"line {error.lineno}, column {error.colno}: "
                                        f"not valid JSON ({error.msg})")]) from None
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        raise InvalidAgreement([Problem("", f"the file cannot be read as {file_format.name}: "
                                        f"{type(error).__name__}")]) from None


def _marked(error: yaml.MarkedYAMLError) -> str:
    mark = error.problem_mark or error.context_mark
    where = "" if mark is None else f"line {mark.line + 1}, column {mark.column + 1}: "
    context = f" ({error.context})" if error.context and error.problem else ""
    return f"{where}{error.problem or error.context or 'not valid YAML'}{context}"
