"""`cpim-course`: the instructor's command for a whole grading cycle on nbgrader.

In order: init, build, release, collect (or zip-collect), autograde, feedback, export, report.
Every command but init works on the course directory in the current folder or --course DIR.
Exit status: 0 done, 1 failed (the message says what, where and why), 2 wrong usage.
"""

import argparse
import sys
from pathlib import Path

from . import course as courses


def parser():
    main = argparse.ArgumentParser(prog="cpim-course", description=__doc__.splitlines()[0])
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--course", metavar="DIR", type=Path, default=Path.cwd(),
                        help="the course directory (default: the current folder)")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name, help):
        return commands.add_parser(name, help=help, description=help, parents=[common])

    init = commands.add_parser("init", help="make a course directory from the kit's course/")
    init.add_argument("directory", type=Path)
    init.add_argument("--roster", type=Path, help="students CSV: id,first_name,last_name,email")
    init.add_argument("--db", metavar="URL", help="gradebook URL, e.g. postgresql://user@host/db "
                      "(default: sqlite in the directory)")
    init.add_argument("--exchange", metavar="PATH", type=Path,
                      help="nbgrader exchange folder (default: DIR/exchange)")
    init.add_argument("--source", metavar="FOLDER", type=Path, default=courses.KIT_COURSE,
                      help="folder of module folders to copy (default: the kit's course/)")

    modules_help = "modules (default: all)"
    build = command("build", "generate the student versions into release/")
    build.add_argument("modules", nargs="*", metavar="MODULE", help=modules_help)

    release = command("release", "release the student versions to the exchange")
    release.add_argument("modules", nargs="*", metavar="MODULE", help=modules_help)
    release.add_argument("--force", action="store_true", help="replace an earlier release")

    collect = command("collect", "collect the submissions from the exchange into submitted/")
    collect.add_argument("modules", nargs="*", metavar="MODULE", help=modules_help)

    zip_collect = command("zip-collect", "collect the submissions of an LMS download (zip)")
    zip_collect.add_argument("archive", type=Path)
    zip_collect.add_argument("--module", help="the module (default: found from the file names)")

    autograde = command("autograde", "grade the submissions of a module in parallel")
    autograde.add_argument("module")
    autograde.add_argument("--workers", type=int, default=None,
                           help="submissions graded at once (default: the number of cores)")
    autograde.add_argument("--no-sandbox", dest="sandbox", action="store_false",
                           help="run submissions without bubblewrap (trusted code only)")
    autograde.add_argument("--student", dest="students", action="append", default=[],
                           metavar="ID", help="grade only this student (repeatable)")
    autograde.add_argument("--force", action="store_true", help="regrade graded submissions")

    feedback = command("feedback", "write (and release) the feedback of graded submissions")
    feedback.add_argument("modules", nargs="*", metavar="MODULE", help=modules_help)

    export = command("export", "write every score to a CSV file")
    export.add_argument("--format", dest="form", choices=["nbgrader", "canvas"],
                        default="nbgrader")
    export.add_argument("--output", type=Path,
                        help="the CSV file (default: grades.csv or canvas.csv in the course)")

    report_command = command("report", "write the class report (HTML page and PNG figures)")
    report_command.add_argument("--threshold", type=float, default=0.6,
                                help="share of a module's points below which a student is "
                                "listed (default: 0.6)")
    report_command.add_argument("--output", type=Path,
                                help="the report folder (default: report/ in the course)")
    return main


def run(args):
    """Run the parsed command `args`."""
    if args.command == "init":
        made = courses.init(args.directory, roster=args.roster, db_url=args.db,
                            exchange=args.exchange, source=args.source)
        with made.gradebook() as gradebook:
            students = len(gradebook.students)
        print(f"init: course directory {made.root}: modules {', '.join(made.modules())}, "
              f"{students} students, gradebook {made.coursedir.db_url}", file=sys.stderr)
        return
    from . import lifecycle, report  # nbgrader, pandas and matplotlib load only for course work

    course = courses.Course(args.course)
    if args.command == "build":
        lifecycle.build(course, args.modules)
    elif args.command == "release":
        lifecycle.release(course, args.modules, force=args.force)
    elif args.command == "collect":
        lifecycle.collect(course, args.modules)
    elif args.command == "zip-collect":
        lifecycle.zip_collect(course, args.archive, args.module)
    elif args.command == "autograde":
        from .autograde import autograde  # the grading engine loads only when grading
        from .sandbox import SandboxUnavailable

        lifecycle.built_modules(course, [args.module])
        try:
            graded = autograde(course.root, args.module, workers=args.workers,
                               sandbox=args.sandbox, students=args.students or None,
                               force=args.force)
        except SandboxUnavailable as error:
            raise courses.CourseError(f"{error}") from error
        if graded.failed:
            raise courses.CourseError(f"{len(graded.failed)} submission(s) of {args.module} "
                                      "not graded (see FAILED above)")
    elif args.command == "feedback":
        lifecycle.feedback(course, args.modules)
    elif args.command == "export":
        lifecycle.export(course, args.output, args.form)
    elif args.command == "report":
        report.write_report(course, args.output, args.threshold)


def main(argv=None):
    """The console script: run the command, print a clear message on failure, return the status."""
    args = parser().parse_args(argv)
    try:
        run(args)
    except courses.CourseError as error:
        print(f"cpim-course {args.command}: error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
