#!/usr/bin/env python3
"""Prints one line per test case from surefire's TEST-*.xml: class#name outcome (pass/fail/error/skip), sorted."""
import glob, sys, xml.etree.ElementTree as ET

rows = []
for path in glob.glob(sys.argv[1] + "/TEST-*.xml"):
    for case in ET.parse(path).getroot().iter("testcase"):
        outcome = "pass"
        for kind, word in (("failure", "fail"), ("error", "error"), ("skipped", "skip")):
            if case.find(kind) is not None:
                outcome = word
        rows.append(f"{case.get('classname')}#{case.get('name')} {outcome}")
for row in sorted(rows):
    print(row)
