"""Instructor tooling for the CPIM course kit: the `cpim-course` command on top of nbgrader."""
