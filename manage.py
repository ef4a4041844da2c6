#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    if sys.argv[1:2] != ["runserver"]:
        # Commands (migrations, imports, backups) are the operator's work: the statement
        # timeout of public requests does not apply to them (README, Security).
        os.environ["PUBLIC_STATEMENT_TIMEOUT_MS"] = "0"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
