"""Operator rules from CSV files."""

from __future__ import annotations

import os
from typing import List, Tuple, Union

from oracle import _oracle
from oracle._errors import ArgumentTypeError

__all__ = ["load_operator_rules"]


def load_operator_rules(path: Union[str, "os.PathLike[str]"]
                        ) -> List[Tuple[str, str]]:
    """Reads operator rules from a CSV file of "prefix,operator" lines.

    An optional header line "prefix,operator", '#' comments and blank lines
    are ignored; a prefix may start with '+' and contain spaces, dashes and
    dots. Returns (prefix, operator) pairs, prefixes as E.164 digits, ready
    for ``Engine(operator_rules=...)`` (which also takes the path itself).

    Raises:
        oracle.IoError: the file cannot be read.
        oracle.InvalidArgumentError: a line is malformed (the message names
            it).
    """
    try:
        name = os.fsdecode(os.fspath(path))
    except TypeError:
        raise ArgumentTypeError(
            f"path must be str or os.PathLike, not {type(path).__name__}"
        ) from None
    return _oracle.load_operator_rules(name)
