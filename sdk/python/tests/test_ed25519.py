"""Pure-Python Ed25519 verification against RFC 8032 §7.1 tests 1–3, and what it must reject."""

import unittest

import _paths  # noqa: F401  (puts the package on sys.path)
from nethical_client import ed25519

VECTORS = [
    ("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
    ("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
    ("fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
]
L = 2**252 + 27742317777372353535851937790883648493


class Rfc8032Vectors(unittest.TestCase):
    def test_accepts_the_rfc_vectors(self):
        for pk, msg, sig in VECTORS:
            with self.subTest(public_key=pk[:8]):
                self.assertTrue(ed25519.verify(bytes.fromhex(pk), bytes.fromhex(msg), bytes.fromhex(sig)))

    def test_rejects_changed_message_signature_key_and_lengths(self):
        pk, msg, sig = (bytes.fromhex(x) for x in VECTORS[1])
        self.assertFalse(ed25519.verify(pk, msg + b"\x00", sig))
        for i in (0, 31, 32, 63):
            flipped = bytearray(sig)
            flipped[i] ^= 1
            self.assertFalse(ed25519.verify(pk, msg, bytes(flipped)), f"byte {i}")
        self.assertFalse(ed25519.verify(bytes.fromhex(VECTORS[0][0]), msg, sig))
        self.assertFalse(ed25519.verify(pk, msg, sig[:63]))
        with self.assertRaises(ed25519.Ed25519KeyError):
            ed25519.verify(pk[:31], msg, sig)

    def test_rejects_a_non_canonical_s(self):
        # S + L verifies the same equation; RFC 8032 §5.1.7 requires S < L.
        pk, msg, sig = (bytes.fromhex(x) for x in VECTORS[0])
        s = int.from_bytes(sig[32:], "little") + L
        self.assertFalse(ed25519.verify(pk, msg, sig[:32] + s.to_bytes(32, "little")))

    def test_refuses_a_public_key_off_the_curve(self):
        _pk, msg, sig = (bytes.fromhex(x) for x in VECTORS[0])
        # y = 2 has no x on edwards25519.
        with self.assertRaises(ed25519.Ed25519KeyError):
            ed25519.verify((2).to_bytes(32, "little"), msg, sig)


if __name__ == "__main__":
    unittest.main()
