"""Validate JSON values with python3-jsonschema, an implementation independent of ajv.

usage: python_jsonschema.py SCHEMA_FILE < values.ndjson
Prints one JSON object: {"valid": N, "invalid": [{"line": L, "errors": [{"pointer", "validator", "message"}]}]}.
Format checking is on (FormatChecker with every format the library knows). Debian's jsonschema
checks date-time only when rfc3339-validator is installed, which Debian does not package, so an
RFC 3339 date-time check is registered here when it is missing.
"""

import json
import re
import sys
from datetime import datetime

from jsonschema import Draft7Validator, FormatChecker

RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"
)


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    Draft7Validator.check_schema(schema)
    checker = FormatChecker()
    if "date-time" not in checker.checkers:

        @checker.checks("date-time", raises=ValueError)
        def is_date_time(value: object) -> bool:
            if not isinstance(value, str):
                return True
            if not RFC3339.match(value):
                return False
            datetime.fromisoformat(value.upper())
            return True

    validator = Draft7Validator(schema, format_checker=checker)
    valid = 0
    invalid = []
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        errors = [
            {
                "pointer": "".join(f"/{part}" for part in error.absolute_path),
                "validator": error.validator,
                "message": error.message,
            }
            for error in validator.iter_errors(json.loads(line))
        ]
        if errors:
            invalid.append({"line": number, "errors": errors})
        else:
            valid += 1
    json.dump({"valid": valid, "invalid": invalid}, sys.stdout)


if __name__ == "__main__":
    main()
