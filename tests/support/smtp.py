"""A real SMTP server's inbox (aiosmtpd's handler; the ``smtp`` fixture starts it) and the
decoded parts of the mails it received."""

from __future__ import annotations

from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import Message
from typing import Any


@dataclass
class SmtpInbox:
    port: int
    messages: list[Message] = field(default_factory=list)

    def url(self, to: str = "analyst@example.org") -> str:
        return f"mailto://127.0.0.1:{self.port}?from=nongrata@example.org&to={to}&mode=insecure"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def mail_text(message: Message) -> dict[str, str]:
    """The decoded text parts of a mail, by content type (attached files left out)."""
    parts: dict[str, str] = {}
    for part in message.walk():
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes) and part.get_content_maintype() == "text":
            parts[part.get_content_type()] = payload.decode(part.get_content_charset() or "utf-8")
    return parts
