"""Small domain errors whose messages are fit to show a user."""


class MemoroError(Exception):
    """Base class: str(error) is a plain sentence for the user."""


class ConfigError(MemoroError):
    """Bad configuration, a bad prompt file or a bad character card."""


class EmbeddingUnavailable(MemoroError):
    """A remote embeddings endpoint failed; search falls back to full text, indexing waits."""


class UnknownTimeZone(MemoroError):
    def __init__(self, name: str):
        super().__init__(
            f"I don't know the time zone {name!r}. Use a city with its own zone (Toronto, Lagos), "
            "an IANA name such as Europe/Berlin, America/New_York or Asia/Kolkata, or an offset from UTC "
            "between -12:00 and +14:00 such as +05:30."
        )


class DeliveryError(MemoroError):
    """A message could not be delivered. `permanent` (e.g. the user blocked the bot) means
    retrying is pointless; otherwise the caller retries with backoff."""

    def __init__(self, message: str, *, permanent: bool = False, retry_after: float | None = None):
        super().__init__(message)
        self.permanent = permanent
        self.retry_after = retry_after


class LeaseLost(MemoroError):
    """A worker wrote for an owner whose lease another worker has taken since (its fencing
    token, the lease's epoch, is stale): the write is refused and the newer holder carries on."""

    def __init__(self, owner: str):
        super().__init__("Another worker is answering this conversation now.")
        self.owner = owner
