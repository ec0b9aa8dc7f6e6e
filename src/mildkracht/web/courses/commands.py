"""`mildkracht export course ID -o DIR`: the research export of a course, from the shell."""

from __future__ import annotations

import sys
from pathlib import Path

from mildkracht.web.runtime import prepare


def export_course(course_id: int, output: Path, lang: str, data_dir: Path | None = None) -> int:
    """Write the export of course ``course_id`` into ``output``; 0 when done, 1 otherwise."""
    prepare(data_dir)

    from mildkracht.web.courses.export import consenting, write_export
    from mildkracht.web.courses.models import Course

    course = Course.objects.filter(pk=course_id).first()
    if course is None:
        print(f"There is no course {course_id}.", file=sys.stderr)
        return 1
    paths = write_export(course, output, lang)
    count = len(consenting(course))
    print(f"{count} participants who consented to research; written: ", end="")
    print(", ".join(str(path) for path in paths))
    return 0
