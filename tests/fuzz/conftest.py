from tests.fuzz.figures import RUN


def pytest_terminal_summary(terminalreporter):
    """The figures of the fuzz run (cases sent, answers by class), read by bench/fuzz.sh."""
    if RUN:
        terminalreporter.write_line("fuzz: " + ", ".join(f"{key} {value}" for key, value in sorted(RUN.items())))
