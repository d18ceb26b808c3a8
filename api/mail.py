"""Sending one email over SMTP, with the settings from the app's config."""

from __future__ import annotations

import logging
import re
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from flask import after_this_request, current_app

log = logging.getLogger(__name__)

#: errors worth another try later: the server may be back
TRANSIENT_MAIL_ERRORS = (OSError, smtplib.SMTPException)
_LINE_BREAKS = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")


class UnsendableMessage(Exception):
    """This message can never be sent as it is (its own content is at fault): record it and
    move on; trying again would fail the same way."""


def one_line(text: str) -> str:
    """Text safe for an email header (a subject): control characters and line breaks become
    single spaces. Applied where such text is written, and again here as the last guard."""
    return _LINE_BREAKS.sub(" ", text or "").strip()


@dataclass(frozen=True)
class OutgoingEmail:
    to: str
    subject: str
    body: str


def build_message(to: str, subject: str, body: str, *, message_id: str | None = None):
    """The message to send; raises UnsendableMessage when its content can't make one."""
    config = current_app.config
    try:
        message = EmailMessage()
        message["From"] = config["MAIL_FROM"]
        message["To"] = to
        message["Subject"] = one_line(subject)
        if message_id:
            message["Message-ID"] = f"<{message_id}@eaa.local>"
        message.set_content(body)
        message.as_bytes()  # encoding problems (a lone surrogate) show here, not mid-send
    except (ValueError, TypeError, UnicodeError, LookupError) as error:
        raise UnsendableMessage(str(error)[:300]) from error
    return message


def send_email(to: str, subject: str, body: str, *, message_id: str | None = None) -> None:
    """Send one email; raises UnsendableMessage for a message that can't be made, one of
    TRANSIENT_MAIL_ERRORS when the mail server can't take it now."""
    config = current_app.config
    message = build_message(to, subject, body, message_id=message_id)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


def send_after_response(email: OutgoingEmail) -> None:
    """Send the email once the response has gone out, so its timing reveals nothing (and a
    slow mail server slows no one's answer). A failure is logged: the person can ask again."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def send() -> None:
        with app.app_context():
            try:
                send_email(email.to, email.subject, email.body)
            except (*TRANSIENT_MAIL_ERRORS, UnsendableMessage) as error:
                log.warning("email %r not sent: %s", email.subject, error)

    @after_this_request
    def send_when_closed(response):
        response.call_on_close(send)
        return response
