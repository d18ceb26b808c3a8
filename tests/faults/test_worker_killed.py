"""A real worker process is killed (SIGKILL) in the middle of sending a webhook: the receiver
has the request, the worker never hears the answer. Another worker takes over.

Nothing is lost: the delivery ends up delivered. Nothing is doubled in our records: one
delivery, one attempt recorded, and beat firing again (or, on Redis, the killed task delivered
again) sends nothing more once it is delivered. The receiver may see the event twice — HTTP
cannot tell "the receiver had it" from "it never arrived" — and it can tell: every request carries
the same webhook-id, as Standard Webhooks asks receivers to deduplicate on.
"""

from __future__ import annotations

import os
import signal
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import delete, select
from standardwebhooks.webhooks import Webhook

from api.db import utcnow
from api.extensions import db
from api.organizations.models import Organization
from api.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from api.webhooks.service import new_secret
from tests.support.waiting import wait_for
from tests.support.worker import beat_for, start_worker, stop_worker, worker_env


class StallingReceiver:
    """Keeps every request; holds its answer to the first one until released."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict, bytes]] = []
        self.release = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                if len(receiver.requests) == 1:
                    receiver.release.wait(60)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def receiver():
    server = StallingReceiver()
    yield server
    server.close()


@pytest.fixture()
def pending_delivery(world, receiver):
    """A subscription to the receiver and one event waiting in the outbox."""
    target, database_url, _ = world
    with target.app_context():
        organization = Organization(name="Webhook School")
        db.session.add(organization)
        db.session.flush()
        subscription = WebhookSubscription(
            organization_id=organization.id,
            url=receiver.url,
            event_types=["ping"],
            secret=new_secret(),
        )
        db.session.add(subscription)
        db.session.flush()
        delivery = WebhookDelivery(
            subscription_id=subscription.id,
            event_id=f"evt_{uuid.uuid4().hex}",
            event_type="ping",
            payload={"type": "ping", "timestamp": utcnow().isoformat(), "data": {}},
            status=DeliveryStatus.pending,
            next_attempt_at=utcnow(),
        )
        db.session.add(delivery)
        db.session.commit()
        ids = organization.id, delivery.id, delivery.event_id, subscription.secret
        db.session.remove()
    yield target, database_url, *ids[1:]
    with target.app_context():
        db.session.execute(delete(Organization).where(Organization.id == ids[0]))
        db.session.commit()
        db.session.remove()


def test_worker_killed_mid_webhook_delivery_loses_nothing_and_doubles_nothing(
    pending_delivery, receiver, tmp_path
):
    target, database_url, delivery_id, event_id, secret = pending_delivery
    broker = os.environ.get("REDIS_URL") or f"sqla+sqlite:///{tmp_path / 'broker.sqlite'}"
    env = worker_env(
        database_url, broker, CELERY_VISIBILITY_TIMEOUT="3", WEBHOOKS_ALLOW_PRIVATE="1"
    )
    queue = env["CELERY_QUEUE"]
    celery = beat_for(target, env)

    def delivery() -> WebhookDelivery:
        with target.app_context():
            row = db.session.scalar(
                select(WebhookDelivery).where(WebhookDelivery.id == delivery_id)
            )
            db.session.expunge_all()
            db.session.remove()
            return row

    first = start_worker(env, tmp_path / "worker1.log")
    try:
        celery.send_task("worker.tasks.deliver_webhooks", queue=queue)
        wait_for(lambda: receiver.requests, 60, "the first worker to send the webhook")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    receiver.release.set()
    assert delivery().status is DeliveryStatus.pending, "the killed attempt committed nothing"

    second_log = tmp_path / "worker2.log"
    second = start_worker(env, second_log)
    try:
        # Beat's next firing; on Redis the killed worker's task also comes back (3 s timeout).
        celery.send_task("worker.tasks.deliver_webhooks", queue=queue)
        wait_for(lambda: delivery().status is DeliveryStatus.delivered, 60, "the delivery")
        celery.send_task("worker.tasks.deliver_webhooks", queue=queue)
        wait_for(
            lambda: second_log.read_text().count("deliver_webhooks") >= 2 * 2,
            60,
            "the later firings to run (received and succeeded)",
        )
        if os.environ.get("REDIS_URL"):
            wait_for(
                lambda: second_log.read_text().count("succeeded") >= 3,
                30,
                "the killed worker's task to be delivered again and run",
            )
    finally:
        stop_worker(second)

    final = delivery()
    assert final.status is DeliveryStatus.delivered
    assert final.attempts == 1, "only the attempt whose answer we heard is recorded"
    assert final.last_response_code == 204
    with target.app_context():
        rows = db.session.scalars(
            select(WebhookDelivery.id).where(WebhookDelivery.event_id == event_id)
        ).all()
        db.session.remove()
    assert rows == [delivery_id], "one event, one delivery"
    # Sent at least once, at most once per worker that held it — never a third time.
    assert len(receiver.requests) == 2, second_log.read_text()
    verifier = Webhook(secret)
    for headers, body in receiver.requests:
        assert headers["webhook-id"] == event_id
        verifier.verify(body, headers)
