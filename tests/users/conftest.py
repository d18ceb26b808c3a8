"""The loopback SMTP server of the notification tests, for identity-change links."""

from tests.notifications.conftest import smtp_server  # noqa: F401  (fixture)
