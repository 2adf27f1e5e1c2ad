#!/usr/bin/env python3
"""Django's manage.py; the installed console command ``motcua`` does the same."""

from motcua.cli import main

if __name__ == "__main__":
    main()
