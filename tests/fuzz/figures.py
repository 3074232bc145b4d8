"""The figures of a fuzz run (cases sent, answers by class), printed at its end by conftest.py."""

from collections import Counter

RUN = Counter()
