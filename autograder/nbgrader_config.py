"""nbgrader configuration of the CPIM course kit (run nbgrader from this folder).

Each module folder of course/ (bscm, mpr, dsp, eco, smr) is one nbgrader assignment: nbgrader
treats every folder of the source directory as an assignment, so the list follows the folders
and course/index.ipynb, a file beside them, is never one. Everything nbgrader generates lives
under build/, which git ignores.
"""

from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
BUILD = REPOSITORY / "build"
BUILD.mkdir(exist_ok=True)  # the gradebook's folder must exist before nbgrader opens it

c = get_config()  # noqa: F821 (provided by the loader that reads this file)

c.CourseDirectory.course_id = "cpimkit"
c.CourseDirectory.root = str(REPOSITORY)
c.CourseDirectory.source_directory = "course"
c.CourseDirectory.release_directory = "build/release"
c.CourseDirectory.submitted_directory = "build/submitted"
c.CourseDirectory.autograded_directory = "build/autograded"
c.CourseDirectory.feedback_directory = "build/feedback"
c.CourseDirectory.solution_directory = "build/solution"
c.CourseDirectory.db_url = f"sqlite:///{BUILD / 'gradebook.db'}"
c.ZipCollectApp.downloaded_directory = str(BUILD / "downloaded")  # submissions from an LMS
c.ExportPlugin.to = str(BUILD / "grades.csv")

# Seconds one cell may run before it is stopped (a runaway loop in a submission, say). nbgrader's
# own executor and the nbconvert one it derives from read different settings: set both.
CELL_TIMEOUT = 120
c.Execute.timeout = CELL_TIMEOUT
c.ExecutePreprocessor.timeout = CELL_TIMEOUT

# A submission whose test cell was deleted is graded on the original test all the same.
c.OverwriteCells.add_missing_cells = True

# What the learner finds where a solution was.
c.ClearSolutions.code_stub = {
    "python": "# Your code here: replace the next line.\nraise NotImplementedError()",
}
c.ClearSolutions.text_stub = "Write your answer here."
