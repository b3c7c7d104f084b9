"""The acceptance report: every referenced test exists, and verdicts follow the JUnit outcomes."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

from export.acceptance import Outcome, read_junit, render, verdict
from export.requirements import REQUIREMENTS, Requirement

ROOT = Path(__file__).resolve().parents[2]


def _test_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef) and node.name.startswith("test")}


def test_every_reference_names_an_existing_test() -> None:
    missing = []
    for requirement in REQUIREMENTS:
        assert requirement.tests, f"{requirement.id} has no test"
        for ref in requirement.tests:
            file, _, name = ref.partition("::")
            path = ROOT / file
            if not path.is_file() or (name and name not in _test_names(path)):
                missing.append(f"{requirement.id}: {ref}")
    assert not missing, "requirements name tests that do not exist:\n" + "\n".join(missing)


def test_ids_are_unique() -> None:
    ids = [r.id for r in REQUIREMENTS]
    assert len(ids) == len(set(ids))


def test_verdicts() -> None:
    req = Requirement("X", "test", "x", ("tests/a/test_a.py::test_one", "tests/b/test_b.py"))
    ok = Outcome("tests/a/test_a.py::test_one[kk]", "passed", 0.1)
    skipped = Outcome("tests/b/test_b.py::test_two", "skipped", 0.0, "feature not landed")
    failed = Outcome("tests/b/test_b.py::test_three", "failed", 0.2, "boom")
    other = Outcome("tests/a/test_a.py::test_one_more", "failed", 0.1)  # a prefix of the name, not the test
    assert verdict(req, [ok, skipped, other])[0] == "PASS"
    assert verdict(req, [ok, failed])[0] == "FAIL"
    assert verdict(req, [skipped])[0] == "SKIPPED"
    assert verdict(req, [other])[0] == "NOT RUN"


def test_report_from_junit(tmp_path: Path) -> None:
    xml = tmp_path / "junit.xml"
    xml.write_text(
        '<testsuites><testsuite name="pytest">'
        '<testcase classname="tests.export.test_export" name="test_rtl_and_languages" time="0.1"/>'
        '<testcase classname="tests.faults.test_store_faults" name="test_disk_full_during_a_save_rolls_back" '
        'time="1.0"><failure message="disk | full">trace</failure></testcase>'
        "</testsuite></testsuites>",
        encoding="utf-8",
    )
    outcomes = read_junit(xml)
    assert [o.nodeid for o in outcomes] == [
        "tests/export/test_export.py::test_rtl_and_languages",
        "tests/faults/test_store_faults.py::test_disk_full_during_a_save_rolls_back",
    ]
    text = render(outcomes, commit="abc1234", when=dt.datetime(2026, 11, 25, 12, 0))
    assert "| D-R4 |" in text and "**FAIL**" in text and "disk \\| full" in text
    assert "**NOT RUN**" in text  # requirements whose tests were not in this run are never 'PASS'
