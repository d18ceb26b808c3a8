"""A real SMTP server on loopback that keeps what it receives (fixtures `smtp_server` and
`smtp_down`)."""

from __future__ import annotations

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self) -> None:
        self.messages: list[dict] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = message.get_body(("plain",)).get_content()
        self.messages.append(
            {
                "to": envelope.rcpt_tos,
                "subject": str(message["Subject"]),
                "data": f"{message['Subject']}\n{body}",
            }
        )
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture()
def smtp_server(app):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    saved = app.config["MAIL_SERVER"], app.config["MAIL_PORT"]
    app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = "127.0.0.1", controller.port
    yield inbox
    app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = saved
    controller.stop()


@pytest.fixture()
def smtp_down(app):
    """Mail settings pointing at a port where nothing listens."""
    saved = app.config["MAIL_SERVER"], app.config["MAIL_PORT"]
    app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = "127.0.0.1", free_port()
    yield
    app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = saved
