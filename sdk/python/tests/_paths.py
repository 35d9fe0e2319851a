"""Test helpers: put the package on sys.path (the tests run from a checkout, not an install) and locate
the repository's shared test data and this folder's fixtures."""

import os
import sys

TESTS = os.path.dirname(os.path.abspath(__file__))
SDK_PYTHON = os.path.dirname(TESTS)
ROOT = os.path.dirname(os.path.dirname(SDK_PYTHON))
MERKLE_TESTDATA = os.path.join(ROOT, "shared", "src", "merkle", "testdata")
FIXTURES = os.path.join(TESTS, "fixtures")
AUDIT_FIXTURE = os.path.join(FIXTURES, "audit-fixture.json")

if SDK_PYTHON not in sys.path:
    sys.path.insert(0, SDK_PYTHON)
