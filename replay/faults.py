"""Faults the replay site injects on demand, deterministic by seed, request and attempt number.

Transient faults (5xx, 429 with Retry-After, the "访问过于频繁" block page, slow or hung responses,
truncated bodies) hit the first `faulty_attempts` attempts of a chosen fraction of requests, so a
crawler that retries still gets every page exactly once. Persistent variants (GBK encoding, a
changed layout) hit every attempt of their requests: they are how a page *is*, not a hiccup.
Which requests are chosen depends only on the seed and the request's identity, never on timing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields

TRANSIENT = ("error", "throttle", "block", "slow", "hang", "truncate")
PERSISTENT = ("gbk", "layout")


@dataclass(frozen=True)
class FaultConfig:
    """Rates are fractions of distinct requests (0–1). The default injects nothing."""

    seed: int = 0
    error: float = 0.0  # respond `error_status` (5xx)
    error_status: int = 503
    throttle: float = 0.0  # 429 Too Many Requests with Retry-After
    retry_after: int = 1
    block: float = 0.0  # the portal's anti-bot answer (ccgp page, ggzy code 800, 政采云 error JSON)
    slow: float = 0.0  # answer after `slow_seconds`
    slow_seconds: float = 2.0
    hang: float = 0.0  # say nothing for `hang_seconds`, then close the connection (bounded, never forever)
    hang_seconds: float = 30.0
    truncate: float = 0.0  # cut the body
    truncate_mode: str = (
        "dataloss"  # dataloss: close before Content-Length is reached; short: a complete but cut page
    )
    faulty_attempts: int = 1  # transient faults hit attempts 1..N of a chosen request
    gbk: float = 0.0  # HTML pages served GBK-encoded (charset in header and meta)
    layout: float = 0.0  # ccgp pages in a changed layout (old detail frame, list without the -bid class)

    def __post_init__(self) -> None:
        for name in (*TRANSIENT, *PERSISTENT):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"fault rate {name}={value} must be between 0 and 1")
        if sum(getattr(self, name) for name in TRANSIENT) > 1.0:
            raise ValueError("transient fault rates add up to more than 1")
        if self.truncate_mode not in ("dataloss", "short"):
            raise ValueError(f"truncate_mode must be dataloss or short, got {self.truncate_mode!r}")
        if not 500 <= self.error_status <= 599:
            raise ValueError(f"error_status must be a 5xx code, got {self.error_status}")
        if self.hang_seconds > 120 or self.slow_seconds > 120:
            raise ValueError("hang_seconds and slow_seconds are bounded to 120 s")
        if self.faulty_attempts < 1:
            raise ValueError("faulty_attempts must be at least 1")

    @classmethod
    def parse(cls, spec: str) -> FaultConfig:
        """`error=0.1,throttle=0.05,hang=0.01,hang_seconds=5,seed=3` → FaultConfig (CLI --faults)."""
        known = {f.name: f.type for f in fields(cls)}
        values: dict[str, object] = {}
        for part in filter(None, (p.strip() for p in spec.split(","))):
            name, sep, raw = part.partition("=")
            name = name.strip()
            if not sep or name not in known:
                raise ValueError(f"bad fault setting {part!r}; known: {', '.join(known)}")
            kind = known[name]
            try:
                values[name] = raw.strip() if kind == "str" else (int(raw) if kind == "int" else float(raw))
            except ValueError as exc:
                raise ValueError(f"bad value for fault setting {name}: {raw!r}") from exc
        return cls(**values)  # type: ignore[arg-type]

    @property
    def active(self) -> bool:
        return any(getattr(self, name) for name in (*TRANSIENT, *PERSISTENT))

    def _draw(self, salt: str, key: str) -> float:
        digest = hashlib.sha256(f"{self.seed}|{salt}|{key}".encode()).hexdigest()
        return int(digest[:13], 16) / 16**13

    def transient(self, key: str, attempt: int) -> str | None:
        """The transient fault for attempt `attempt` (1-based) of the request `key`, if any."""
        if attempt > self.faulty_attempts:
            return None
        draw = self._draw("transient", key)
        edge = 0.0
        for name in TRANSIENT:
            edge += getattr(self, name)
            if draw < edge:
                return name
        return None

    def persistent(self, key: str, name: str) -> bool:
        """Whether the persistent variant `name` (gbk, layout) applies to this request."""
        rate: float = getattr(self, name)
        return rate > 0 and self._draw(name, key) < rate
