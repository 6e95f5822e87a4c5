"""The app's English words, read from web/src/i18n/en.ts, so that tests find controls by the
accessible names the app really gives them (get_by_role(..., name=T("signin.submit")))."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

EN = Path(__file__).resolve().parents[1] / "src" / "i18n" / "en.ts"
_ENTRY = re.compile(r'^\s*"([\w.-]+)"\s*:\s*("(?:[^"\\]|\\.)*")\s*,?\s*$', re.M)


@functools.cache
def dictionary() -> dict[str, str]:
    if not EN.exists():
        return {}
    return {key: json.loads(value) for key, value in _ENTRY.findall(EN.read_text(encoding="utf-8"))}


def T(key: str, **values: object) -> str:
    """The English message `key`, with {placeholders} filled from `values`."""
    words = dictionary()
    if key not in words:
        raise KeyError(f"no message {key!r} in {EN} (renamed in the app?)")
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), words[key])


def R(key: str, exact: bool = False, **values: object) -> re.Pattern[str]:
    """The message as a regular expression: given placeholders filled in, the others match anything."""
    text = T(key, **values)
    parts = re.split(r"(\{\w+\})", text)
    body = "".join(".*?" if re.fullmatch(r"\{\w+\}", p) else re.escape(p) for p in parts)
    return re.compile(f"^{body}$" if exact else body)
