"""Interview notes split by the five questions, so a page shows each question once."""

from __future__ import annotations

from generator.site.views import split_questions

NOTES = """Met at the station exit.

## Q1 Channel

A colleague.

## Q4 Obstacles

- queues
- app steps

### detail

more

## Observations

- remind before renewal

## Q4 again

late addition
"""


def test_notes_under_each_question_go_with_that_question() -> None:
    answers, rest = split_questions(NOTES)
    assert answers == {1: "A colleague.",
                       4: "- queues\n- app steps\n\n### detail\n\nmore\n\nlate addition"}
    assert rest == "Met at the station exit.\n\n## Observations\n\n- remind before renewal"


def test_notes_without_questions_stay_whole() -> None:
    assert split_questions("## Notes\n\ntext\n") == ({}, "## Notes\n\ntext")
    assert split_questions("") == ({}, "")
