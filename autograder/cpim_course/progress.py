"""A plain-text progress bar and end-of-command summary, written to stderr.

>>> import io
>>> out = io.StringIO()
>>> bar = Progress(2, "autograde", stream=out)
>>> bar.advance("alice")
>>> bar.advance("bob")
>>> bar.summary(["2 graded", "0 failed"])
>>> print(out.getvalue().replace("\\r", "\\n").strip())
autograde [--------------------]   0/2
autograde [##########----------]   1/2 alice
autograde [####################]   2/2 bob
autograde: 2 graded
autograde: 0 failed
>>> summary("export", ["2 students -> grades.csv"], stream=out)
>>> out.getvalue().splitlines()[-1]
'export: 2 students -> grades.csv'
"""

import sys

BAR_WIDTH = 20


class Progress:
    """Count `total` steps of work called `label`, redrawing one line on each step.

    On a terminal the line is redrawn in place; elsewhere (logs, CI) each step is a new line.
    No bar is drawn when there is nothing to count (total 0).
    """

    def __init__(self, total, label, stream=None):
        self.total = total
        self.label = label
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self._in_place = getattr(self.stream, "isatty", lambda: False)()
        if total:
            self._draw("")

    def advance(self, note=""):
        """Count one more finished step; `note` (e.g. the student id) is shown after the count."""
        self.done += 1
        self._draw(note)

    def summary(self, lines):
        """End the bar and print each summary line after the label."""
        if self._in_place and self.total:
            self.stream.write("\n")
        summary(self.label, lines, self.stream)

    def _draw(self, note):
        filled = BAR_WIDTH * self.done // self.total if self.total else BAR_WIDTH
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        width = len(str(self.total))
        line = f"{self.label} [{bar}] {self.done:>{width + 2}}/{self.total} {note}".rstrip()
        if self._in_place:
            self.stream.write("\r\033[K" + line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def summary(label, lines, stream=None):
    """Print each line of the summary of the work called `label` (for work with no bar)."""
    stream = stream if stream is not None else sys.stderr
    for line in lines:
        stream.write(f"{label}: {line}\n")
    stream.flush()
