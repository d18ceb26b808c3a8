"""Sending one email over SMTP, with the settings from the app's config."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app

#: errors worth another try later: the server may be back
TRANSIENT_MAIL_ERRORS = (OSError, smtplib.SMTPException)


def send_email(to: str, subject: str, body: str, *, message_id: str | None = None) -> None:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    if message_id:
        message["Message-ID"] = f"<{message_id}@eaa.local>"
    message.set_content(body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
