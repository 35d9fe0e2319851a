"""The Python client against the real Worker under ``wrangler dev`` (run by python-client.e2e.test.ts,
which starts the stack and passes NETHICAL_URL, NETHICAL_AGENT_KEY, NETHICAL_AUDITOR_KEY and
NETHICAL_AUDIT_PUBLIC_KEY): evaluate, batch, problem+json errors, decisions, audit proofs verified
client-side (a tampered proof, a rewritten history and a wrong pinned key rejected), guard's outcomes,
and a real 429 retried after the Worker's Retry-After (last: it backs off the whole address)."""

import base64
import copy
import json
import os
import time
import unittest
import urllib.request

import _paths  # noqa: F401  (puts the package on sys.path)
from nethical_client import (
    ApprovalDeniedError,
    BlockedError,
    Client,
    NethicalApiError,
    ProofVerificationError,
    RetryOptions,
    TerminatedError,
    guard,
    pinned_key,
    verify_event_proof,
)

URL = os.environ.get("NETHICAL_URL", "")
AGENT = os.environ.get("NETHICAL_AGENT_KEY", "")
AUDITOR = os.environ.get("NETHICAL_AUDITOR_KEY", "")
PINNED = json.loads(os.environ.get("NETHICAL_AUDIT_PUBLIC_KEY", "null"))


def eventually(fn, tries=150):
    """Call ``fn`` until it returns (audit events reach the log through the Queue a moment later)."""
    for i in range(tries):
        try:
            return fn()
        except (NethicalApiError, ProofVerificationError):
            if i == tries - 1:
                raise
            time.sleep(0.1)


@unittest.skipUnless(URL and AGENT and AUDITOR and PINNED, "needs a running Worker (python-client.e2e.test.ts)")
class AgainstWranglerDev(unittest.TestCase):
    def agent(self, **kw) -> Client:
        return Client(URL, AGENT, **kw)

    def auditor(self, key=None) -> Client:
        return Client(URL, AUDITOR, pinned_tree_head_key=key or PINNED)

    def test_a_evaluate_with_headers_and_request_id(self) -> None:
        client = self.agent()
        self.assertEqual(client.whoami()["role"], "agent")
        self.assertEqual(client.evaluate({"agent_id": "py-1", "action": "list the files in the project folder", "action_type": "query"})["decision"], "ALLOW")
        response, meta = client.evaluate_with_meta(
            {"agent_id": "py-1", "action": "rm -rf / --no-preserve-root", "action_type": "code_execution", "request_id": "py-block-1"}, request_id="py-req-1"
        )
        self.assertEqual((response["decision"], response["decision_id"], meta.request_id), ("BLOCK", "py-block-1", "py-req-1"))
        self.assertGreater(meta.rate_limit["limit"], 0)
        self.assertTrue(meta.audit_event_id)
        blocked = eventually(lambda: self.auditor().decisions.get("py-block-1"))
        self.assertEqual((blocked["decision"], blocked["agent_id"]), ("BLOCK", "py-1"))
        self.assertIn("py-block-1", [d["decision_id"] for d in self.auditor().decisions.list(agent_id="py-1")["decisions"]])

    def test_b_batch_in_order(self) -> None:
        results = self.agent().evaluate_batch([
            {"agent_id": "py-2", "action": "what time is it", "action_type": "query"},
            {"agent_id": "py-2", "action": "x", "action_type": "Not A Type"},
            {"agent_id": "py-2", "action": "rm -rf / --no-preserve-root", "action_type": "code_execution"},
        ])
        self.assertEqual([r["status"] for r in results], [200, 422, 200])
        self.assertEqual([results[0]["response"]["decision"], results[2]["response"]["decision"]], ["ALLOW", "BLOCK"])

    def test_c_problem_json_errors(self) -> None:
        events = []
        with self.assertRaises(NethicalApiError) as caught:
            self.agent(on_retry=events.append).evaluate({"agent_id": "py-3", "action": "x", "action_type": "query", "unknown_field": 1}, request_id="py-bad-1")
        error = caught.exception
        self.assertEqual((error.status, error.slug, error.problem["instance"], error.attempts), (422, "validation-failed", "py-bad-1", 1))
        self.assertEqual(events, [])
        with self.assertRaises(NethicalApiError) as forbidden:
            self.agent().decisions.list()
        self.assertEqual(forbidden.exception.status, 403)

    def test_d_inclusion_and_consistency_verified(self) -> None:
        agent, audit = self.agent(), self.auditor().audit
        _, meta = agent.evaluate_with_meta({"agent_id": "py-4", "action": "read the weather report", "action_type": "query"})
        first = eventually(lambda: audit.event(meta.audit_event_id))
        self.assertEqual(first["event"]["decision"], "ALLOW")
        kept = audit.tree_head()["tree_head"]
        self.assertGreater(kept["tree_size"], first["leaf_index"])
        _, later = agent.evaluate_with_meta({"agent_id": "py-4", "action": "read the news", "action_type": "query"})
        second = eventually(lambda: audit.event(later.audit_event_id))
        self.assertGreaterEqual(second["leaf_index"], kept["tree_size"])
        grown = audit.consistency(kept)
        self.assertGreater(grown["to_tree_head"]["tree_size"], kept["tree_size"])
        self.assertGreater(len(grown["proof"]), 0)

    def test_e_tampering_and_a_wrong_key_rejected(self) -> None:
        _, meta = self.agent().evaluate_with_meta({"agent_id": "py-5", "action": "summarise the meeting notes", "action_type": "query"})
        genuine = eventually(lambda: self.auditor().audit.event(meta.audit_event_id))
        pinned = pinned_key(PINNED)
        self.assertIsNone(verify_event_proof(genuine, pinned))
        altered = copy.deepcopy(genuine)
        altered["event"]["decision"] = "BLOCK"
        self.assertIsNotNone(verify_event_proof(altered, pinned))
        if genuine["inclusion_proof"]:
            flipped = copy.deepcopy(genuine)
            node = flipped["inclusion_proof"][0]
            flipped["inclusion_proof"][0] = ("B" if node[0] == "A" else "A") + node[1:]
            self.assertIsNotNone(verify_event_proof(flipped, pinned))
        resized = copy.deepcopy(genuine)
        resized["tree_head"]["tree_size"] += 1
        self.assertIn("signature", verify_event_proof(resized, pinned))
        head = self.auditor().audit.tree_head()["tree_head"]
        forged = {**head, "root_hash": base64.b64encode(bytes([7] * 32)).decode()}
        with self.assertRaisesRegex(ProofVerificationError, "different root"):
            self.auditor().audit.consistency(forged)
        # RFC 8032 test 1's public key under the log's key id: a valid key that did not sign the log.
        wrong = {"key_id": PINNED["key_id"], "jwk": {"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}}
        with self.assertRaisesRegex(ProofVerificationError, "signature does not verify"):
            self.auditor(wrong).audit.tree_head()
        with self.assertRaises(ProofVerificationError):
            self.auditor(wrong).audit.event(meta.audit_event_id)
        with self.assertRaisesRegex(ProofVerificationError, "no audit public key was pinned"):
            self.agent().audit.tree_head()

    def test_f_guard_outcomes(self) -> None:
        client, ran = self.agent(), []

        @guard(client, agent_id="py-guard")
        def search(query: str) -> str:
            ran.append(query)
            return f"results for {query}"

        self.assertEqual(search(query="weather in Paris tomorrow"), "results for weather in Paris tomorrow")

        @guard(client, agent_id="py-guard")
        def post_note(body: str, guard_context=None):
            ran.append(body)
            return guard_context.redacted

        self.assertEqual(post_note(body="customer card 4111 1111 1111 1111, call +1 415 555 0100"), ["tool.arguments.body"])
        self.assertEqual(ran[-1], "customer card [REDACTED], call [REDACTED]")

        asked = []

        def approve(request):
            asked.append(f"{request.reason} ({request.args['amount']})")
            return "maria@acme.test" if request.args["payee"] == "ACME GmbH" else False

        @guard(client, agent_id="py-guard", approve=approve)
        def pay_invoice(amount: int, currency: str, payee: str, guard_context=None):
            ran.append(payee)
            return guard_context.approved_by

        self.assertEqual(pay_invoice(amount=25_000, currency="EUR", payee="ACME GmbH"), "maria@acme.test")
        self.assertEqual(asked, ["Payment of 10,000 or more without an approval in the context (25000)"])
        with self.assertRaises(ApprovalDeniedError):
            pay_invoice(amount=25_000, currency="EUR", payee="Unknown Ltd")

        before = len(ran)
        shell = guard(client, agent_id="py-guard-shell", tool="shell", action_type="code_execution", describe=lambda a: a["command"], run=lambda a, ctx: ran.append(a))
        with self.assertRaises(BlockedError) as blocked:
            shell({"command": "rm -rf / --no-preserve-root"})
        self.assertTrue(blocked.exception.decision_id)
        self.assertIn("law.2.recursive_delete", [v["rule"] for v in blocked.exception.violations])
        self.assertTrue(blocked.exception.explanation["summary"].startswith("BLOCK"))
        refusal = None
        for _ in range(8):
            try:
                shell({"command": "rm -rf / --no-preserve-root"})
            except TerminatedError as error:
                refusal = error
                break
            except BlockedError:
                pass
        self.assertIsInstance(refusal, TerminatedError)
        self.assertEqual(refusal.decision, "TERMINATE")
        self.assertEqual(len(ran), before)

    def test_z_a_real_429_retried_after_retry_after(self) -> None:
        # 31 wrong keys from this address in 60 s: the Worker backs the address off with 429 + Retry-After: 60.
        for i in range(31):
            req = urllib.request.Request(f"{URL}/v2/whoami", headers={"authorization": f"Bearer nk_py.nokey{i}.wrong-secret-0123456789"})
            try:
                urllib.request.urlopen(req, timeout=10).close()
            except urllib.error.HTTPError as error:
                error.close()
        with self.assertRaises(NethicalApiError) as capped:
            self.agent().whoami()
        self.assertEqual((capped.exception.status, capped.exception.retry_after_ms, capped.exception.attempts), (429, 60_000, 1))
        events = []
        patient = self.agent(retry=RetryOptions(max_delay_ms=70_000), on_retry=events.append)
        self.assertEqual(patient.whoami(request_id="py-429")["role"], "agent")
        self.assertGreaterEqual(len(events), 1)
        self.assertEqual((events[0].status, events[0].server_wait_ms, events[0].request_id, events[0].attempt), (429, 60_000, "py-429", 1))
        self.assertGreaterEqual(events[0].delay_ms, 60_000)


if __name__ == "__main__":
    unittest.main()
