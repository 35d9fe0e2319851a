"""Audit proofs checked client-side against a fixture the core built (fixtures/audit-fixture.ts: events
with non-ASCII text and fractional numbers, a MerkleLog over their canonical JSON, tree heads signed with
RFC 8032 test key 1): canonical JSON and leaf hashes match the core byte for byte, the signed heads,
inclusion and consistency proofs verify, and every tampering or a wrong pinned key is rejected."""

import copy
import json
import unittest

from _paths import AUDIT_FIXTURE
from nethical_client import pinned_key, tree_head_bytes, verify_consistency_proof, verify_event_proof, verify_tree_head_signature
from nethical_client.audit_proofs import audit_leaf_hash
from nethical_client.canonical_json import canonical_json, js_number
from nethical_client.encoding import b64decode_strict

with open(AUDIT_FIXTURE, encoding="utf-8") as f:
    FIXTURE = json.load(f)
PINNED = pinned_key(FIXTURE["public_key"])
# RFC 8032 test 2's public key: a valid Ed25519 key that did not sign the fixture.
OTHER = pinned_key({"key_id": "audit-fixture-1", "jwk": {"kty": "OKP", "crv": "Ed25519", "x": "PUAXw-hDiVqStwqnTRt-vJyYLM8uxJaMwM1V8Sr0Zgw"}})


class CanonicalJsonTest(unittest.TestCase):
    def test_leaf_hashes_match_the_core(self) -> None:
        self.assertEqual(len(FIXTURE["events"]), 5)
        for item in FIXTURE["events"]:
            with self.subTest(item["event"]["event_id"]):
                self.assertEqual(audit_leaf_hash(item["event"]), b64decode_strict(item["leaf_hash"]))

    def test_numbers_keys_and_strings_as_javascript_writes_them(self) -> None:
        self.assertEqual(canonical_json({"b": 1.0, "a": [True, None, "x"], "Ä": 1e21, "Z": 1e-7}), '{"Z":1e-7,"a":[true,null,"x"],"b":1,"Ä":1e+21}')
        self.assertEqual(canonical_json("\u2028\t\"\\\x01é"), '"\u2028\\t\\"\\\\\\u0001é"')
        # Keys sort by UTF-16 code units: U+FF5E comes after U+1F600's high surrogate (0xD83D).
        self.assertEqual(canonical_json({"\uff5e": 1, "\U0001f600": 2}), '{"\U0001f600":2,"\uff5e":1}')
        self.assertEqual([js_number(x) for x in (0.1 + 0.2, -0.0, 123e-20, 1e20, 2**60)], ["0.30000000000000004", "0", "1.23e-18", "100000000000000000000", "1152921504606847000"])
        with self.assertRaises(ValueError):
            canonical_json(float("nan"))


class TreeHeadTest(unittest.TestCase):
    def test_signed_bytes_and_signature(self) -> None:
        head = FIXTURE["consistency"]["to_tree_head"]
        self.assertEqual(
            tree_head_bytes(head).decode(),
            f"nethical/tree-head/v1\nlog_id acme\ntree_size 5\nroot_hash {head['root_hash']}\ntimestamp {head['timestamp']}\nkey_id audit-fixture-1\n",
        )
        self.assertIsNone(verify_tree_head_signature(head, PINNED))
        self.assertIn("does not verify", verify_tree_head_signature({**head, "tree_size": 6}, PINNED))
        self.assertIn("does not verify", verify_tree_head_signature({**head, "timestamp": head["timestamp"] + 1}, PINNED))
        self.assertIn("does not verify", verify_tree_head_signature(head, OTHER))
        self.assertIn("unknown key", verify_tree_head_signature({**head, "key_id": "audit-other"}, PINNED))
        self.assertIn("malformed", verify_tree_head_signature({**head, "root_hash": "AAAA"}, PINNED))
        self.assertIn("malformed", verify_tree_head_signature({**head, "log_id": "a\nb"}, PINNED))

    def test_pinned_key_must_be_an_ed25519_jwk(self) -> None:
        for bad in ({"key_id": "k", "jwk": {"kty": "EC", "crv": "P-256", "x": "AA"}}, {"key_id": "bad key", "jwk": FIXTURE["public_key"]["jwk"]}, {"key_id": "k", "jwk": {"kty": "OKP", "crv": "Ed25519", "x": "short"}}):
            with self.assertRaises(ValueError):
                pinned_key(bad)


class ProofTest(unittest.TestCase):
    def test_every_inclusion_proof_verifies(self) -> None:
        for item in FIXTURE["events"]:
            with self.subTest(item["event"]["event_id"]):
                self.assertIsNone(verify_event_proof(item["proof"], PINNED))

    def test_tampered_inclusion_is_rejected(self) -> None:
        proof = FIXTURE["events"][2]["proof"]
        altered = copy.deepcopy(proof)
        altered["event"]["decision"] = "ALLOW"
        self.assertIn("inclusion", verify_event_proof(altered, PINNED))
        flipped = copy.deepcopy(proof)
        node = flipped["inclusion_proof"][0]
        flipped["inclusion_proof"][0] = ("B" if node[0] == "A" else "A") + node[1:]
        self.assertIn("inclusion", verify_event_proof(flipped, PINNED))
        moved = {**proof, "leaf_index": 1}
        self.assertIn("inclusion", verify_event_proof(moved, PINNED))
        resized = {**proof, "tree_head": {**proof["tree_head"], "tree_size": 6}}
        self.assertIn("signature", verify_event_proof(resized, PINNED))
        self.assertIn("not base64", verify_event_proof({**proof, "inclusion_proof": ["%%%%"]}, PINNED))
        self.assertIn("does not verify", verify_event_proof(proof, OTHER))

    def test_consistency_verifies_and_tampering_is_rejected(self) -> None:
        proof = FIXTURE["consistency"]
        self.assertIsNone(verify_consistency_proof(proof, PINNED))
        flipped = copy.deepcopy(proof)
        node = flipped["proof"][-1]
        flipped["proof"][-1] = ("B" if node[0] == "A" else "A") + node[1:]
        self.assertIn("consistency", verify_consistency_proof(flipped, PINNED))
        self.assertIn("consistency", verify_consistency_proof({**proof, "proof": proof["proof"][:-1]}, PINNED))
        self.assertIn("from_tree_head", verify_consistency_proof({**proof, "from_tree_head": {**proof["from_tree_head"], "tree_size": 2}}, PINNED))
        self.assertIn("does not verify", verify_consistency_proof(proof, OTHER))


if __name__ == "__main__":
    unittest.main()
