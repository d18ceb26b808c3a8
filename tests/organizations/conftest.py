"""The loopback SMTP server of the notification tests, for invitation emails."""

from tests.notifications.conftest import smtp_down, smtp_server  # noqa: F401  (fixtures)
