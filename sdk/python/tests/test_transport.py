"""The transport against a real local HTTP server: a 429 retried after its Retry-After (same request id
and body), a 429 with only RateLimit headers, 503 retried for reads and idempotent POSTs but not for other
writes, a wait over the cap handed to the caller, a timeout retried for a read, and problem+json carried
by NethicalApiError. Waits are recorded through an injected sleep (the real one is used once), never
timed."""

import unittest

import _paths  # noqa: F401
from nethical_client import Client, NethicalApiError, RetryOptions
from nethical_client.retry_policy import DEFAULT_RETRY, parse_retry_after, rate_limit_reset_ms, retry_delay_ms
from nethical_client.transport import Transport
from scripted_server import ScriptedServer

OK = (200, {}, {"kind": "tenant", "role": "agent"}, 0)
PROBLEM = {"type": "urn:nethical:problem:too-many-requests", "title": "Too Many Requests", "status": 429, "detail": "slow down"}


def transport(url: str, sleeps: list, **kwargs: object) -> Transport:
    return Transport(url, "nk_t.k.secret", sleep=sleeps.append, **kwargs)  # type: ignore[arg-type]


class RetryPolicyTest(unittest.TestCase):
    def test_waits(self) -> None:
        self.assertEqual(parse_retry_after("60", 0), 60_000)
        self.assertEqual(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412420000), 60_000)
        self.assertIsNone(parse_retry_after("soon", 0))
        self.assertEqual(rate_limit_reset_ms({"ratelimit-remaining": "0", "ratelimit-reset": "3"}), 3000)
        self.assertIsNone(rate_limit_reset_ms({"ratelimit-remaining": "2", "ratelimit-reset": "3"}))
        self.assertEqual(rate_limit_reset_ms({"ratelimit": '"default";r=0;t=10'}), 10_000)
        self.assertIsNone(retry_delay_ms(1, 60_000, DEFAULT_RETRY, 0))
        self.assertEqual(retry_delay_ms(1, 2000, DEFAULT_RETRY, 0.5), 2100)
        self.assertEqual(retry_delay_ms(2, None, DEFAULT_RETRY, 0), 500)
        self.assertIsNone(retry_delay_ms(3, None, DEFAULT_RETRY, 0))


class TransportTest(unittest.TestCase):
    def test_429_retried_after_retry_after_with_the_same_request_id_and_body(self) -> None:
        sleeps: list = []
        with ScriptedServer([(429, {"retry-after": "2", "content-type": "application/problem+json"}, PROBLEM, 0), OK]) as server:
            answer = transport(server.url, sleeps).request("POST", "/v2/evaluate", body={"agent_id": "a", "request_id": "r-1"}, request_id="req-429")
        self.assertEqual(answer.body["role"], "agent")
        self.assertEqual(len(server.requests), 2)
        self.assertEqual({r["headers"]["x-request-id"] for r in server.requests}, {"req-429"})
        self.assertEqual(server.requests[0]["body"], server.requests[1]["body"])
        self.assertEqual(server.requests[0]["headers"]["authorization"], "Bearer nk_t.k.secret")
        self.assertEqual(len(sleeps), 1)
        self.assertTrue(2.0 <= sleeps[0] <= 2.2, sleeps)

    def test_429_with_ratelimit_headers_only_and_the_real_sleep(self) -> None:
        events: list = []
        with ScriptedServer([(429, {"ratelimit-remaining": "0", "ratelimit-reset": "0"}, None, 0), OK]) as server:
            client = Client(server.url, "nk_t.k.secret", on_retry=events.append)
            self.assertEqual(client.whoami(request_id="who-1")["role"], "agent")
        self.assertEqual([(e.status, e.server_wait_ms, e.request_id, e.attempt) for e in events], [(429, 0, "who-1", 1)])

    def test_503_retried_for_reads_and_idempotent_posts_not_for_other_writes(self) -> None:
        unavailable = (503, {"retry-after": "1"}, None, 0)
        for method, path, expected in (("GET", "/v2/decisions", 2), ("POST", "/v2/batch-evaluate", 2), ("POST", "/v2/policies", 1)):
            sleeps: list = []
            with ScriptedServer([unavailable, OK]) as server:
                t = transport(server.url, sleeps)
                if expected == 2:
                    t.request(method, path, body={} if method == "POST" else None)
                else:
                    with self.assertRaises(NethicalApiError) as caught:
                        t.request(method, path, body={})
                    self.assertEqual((caught.exception.status, caught.exception.attempts), (503, 1))
            with self.subTest(path=path):
                self.assertEqual(len(server.requests), expected)

    def test_a_wait_over_the_cap_reaches_the_caller(self) -> None:
        sleeps: list = []
        with ScriptedServer([(429, {"retry-after": "60", "content-type": "application/problem+json"}, PROBLEM, 0)]) as server:
            with self.assertRaises(NethicalApiError) as caught:
                transport(server.url, sleeps).request("GET", "/v2/whoami", request_id="capped")
        error = caught.exception
        self.assertEqual((error.status, error.attempts, error.retry_after_ms, error.slug, error.request_id), (429, 1, 60_000, "too-many-requests", "capped"))
        self.assertEqual(error.problem["detail"], "slow down")
        self.assertEqual(sleeps, [])

    def test_retries_run_out(self) -> None:
        sleeps: list = []
        with ScriptedServer([(429, {}, None, 0)]) as server:
            with self.assertRaises(NethicalApiError) as caught:
                transport(server.url, sleeps, retry=RetryOptions(retries=2)).request("GET", "/v2/whoami")
        self.assertEqual((caught.exception.attempts, len(server.requests), len(sleeps)), (3, 3, 2))
        self.assertTrue(0.25 <= sleeps[0] <= 0.3 and 0.5 <= sleeps[1] <= 0.55, sleeps)

    def test_a_timed_out_read_is_retried_a_timed_out_write_is_not(self) -> None:
        sleeps: list = []
        with ScriptedServer([(200, {}, {"slow": True}, 1.0), OK]) as server:
            self.assertEqual(transport(server.url, sleeps, timeout=0.2).request("GET", "/v2/whoami").body["role"], "agent")
        self.assertEqual(len(server.requests), 2)
        with ScriptedServer([(200, {}, {"slow": True}, 1.0), OK]) as server:
            with self.assertRaises(NethicalApiError) as caught:
                transport(server.url, sleeps, timeout=0.2).request("POST", "/v2/policies", body={})
        self.assertEqual((caught.exception.status, caught.exception.attempts), (0, 1))
        self.assertIn("timed out", str(caught.exception))

    def test_a_problem_is_carried_not_retried(self) -> None:
        problem = {"type": "urn:nethical:problem:validation-failed", "title": "Validation failed", "status": 422, "detail": "bad", "instance": "req-bad"}
        with ScriptedServer([(422, {"content-type": "application/problem+json"}, problem, 0)]) as server:
            with self.assertRaises(NethicalApiError) as caught:
                Client(server.url, "k").evaluate({"agent_id": "a", "action": "x", "action_type": "query"}, request_id="req-bad")
        self.assertEqual((caught.exception.status, caught.exception.slug, caught.exception.attempts), (422, "validation-failed", 1))
        self.assertEqual(caught.exception.problem["instance"], "req-bad")
        self.assertTrue(server.requests[0]["body"]["request_id"], "evaluate fills in a request_id")

    def test_no_answer_is_status_0(self) -> None:
        with ScriptedServer([OK]) as server:
            url = server.url
        with self.assertRaises(NethicalApiError) as caught:
            Transport(url, "k", retry=RetryOptions(retries=0)).request("GET", "/v2/whoami")
        self.assertEqual(caught.exception.status, 0)


if __name__ == "__main__":
    unittest.main()
