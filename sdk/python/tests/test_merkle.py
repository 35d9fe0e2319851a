"""Merkle verification against every RFC 6962 vector in shared/src/merkle/testdata (read in place):
happy paths verify, every corrupted variant is rejected, with the file counts asserted."""

import base64
import json
import os
import unittest

from _paths import MERKLE_TESTDATA
from nethical_client.merkle import hash_leaf, verify_consistency, verify_inclusion


def _json_files(folder):
    found = []
    for base, _dirs, files in os.walk(folder):
        found += [os.path.join(base, f) for f in files if f.endswith(".json")]
    return sorted(found)


def _proof(nodes):
    return [base64.b64decode(n) for n in (nodes or [])]


class Rfc6962Vectors(unittest.TestCase):
    def test_finds_every_vector(self):
        self.assertEqual(len(_json_files(os.path.join(MERKLE_TESTDATA, "inclusion"))), 98)
        self.assertEqual(len(_json_files(os.path.join(MERKLE_TESTDATA, "consistency"))), 98)

    def test_inclusion_vectors(self):
        happy = 0
        for path in _json_files(os.path.join(MERKLE_TESTDATA, "inclusion")):
            with open(path, encoding="utf-8") as f:
                v = json.load(f)
            with self.subTest(file=os.path.relpath(path, MERKLE_TESTDATA), desc=v["desc"]):
                reason = verify_inclusion(v["leafIdx"], v["treeSize"], base64.b64decode(v["leafHash"]), _proof(v["proof"]), base64.b64decode(v["root"]))
                self.assertEqual(reason is not None, v["wantErr"], reason)
                happy += not v["wantErr"]
        self.assertEqual(happy, 6)

    def test_consistency_vectors(self):
        happy = 0
        for path in _json_files(os.path.join(MERKLE_TESTDATA, "consistency")):
            with open(path, encoding="utf-8") as f:
                v = json.load(f)
            with self.subTest(file=os.path.relpath(path, MERKLE_TESTDATA), desc=v["desc"]):
                reason = verify_consistency(v["size1"], v["size2"], base64.b64decode(v["root1"]), base64.b64decode(v["root2"]), _proof(v["proof"]))
                self.assertEqual(reason is not None, v["wantErr"], reason)
                happy += not v["wantErr"]
        self.assertEqual(happy, 6)

    def test_bad_input_is_a_reason_not_an_exception(self):
        leaf = hash_leaf(b"a")
        self.assertIsNotNone(verify_inclusion(-1, 1, leaf, [], leaf))
        self.assertIsNotNone(verify_inclusion(0, 1, leaf, "not a list", leaf))
        self.assertIsNotNone(verify_inclusion(0, 2, leaf, [b"short"], leaf))
        self.assertIsNotNone(verify_inclusion(True, 2, leaf, [], leaf))
        self.assertIsNotNone(verify_consistency(2, 1, leaf, leaf, []))
        self.assertIsNotNone(verify_consistency(0, 1, leaf, leaf, []))
        self.assertIsNotNone(verify_inclusion(0, 2, leaf, [leaf] * 65, leaf))


if __name__ == "__main__":
    unittest.main()
