"""Quad's settings: one object, read once from the environment, injected everywhere.

Every variable of the contract's configuration table is here with its documented default;
nothing else in the code base reads ``os.environ``.
"""

from __future__ import annotations

import secrets
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[3]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    # --- Storage of local state (embedded PostgreSQL, generated secret, media) -------------
    data_dir: Path = Field(
        default=REPO_ROOT / ".data",
        description="Where `make run` keeps local state: embedded PostgreSQL, JWT secret, media.",
    )

    # --- Database and broker -------------------------------------------------------------
    database_url: str | None = Field(
        default=None,
        description="postgresql+asyncpg://…; unset: an embedded PostgreSQL in DATA_DIR/postgres.",
    )
    database_pool_size: int = Field(
        default=20,
        ge=1,
        description="Connections each process keeps open. Requests beyond it wait for one "
        "(5 s at most) rather than open more.",
    )
    database_max_overflow: int = Field(
        default=0,
        ge=0,
        description="Extra connections for bursts, closed as soon as they are returned. "
        "Opening one costs milliseconds of CPU (TCP, TLS negotiation, settings), and a "
        "burst of WebSocket sends would open and close them by the hundred: 0 by default.",
    )
    redis_url: str | None = Field(
        default=None, description="Redis for the backplane; unset: in-process (one process)."
    )

    realtime_heartbeat_seconds: float = Field(
        default=5.0,
        gt=0,
        description="How often each process tells the backplane it is alive (presence).",
    )
    realtime_process_ttl_seconds: float = Field(
        default=15.0,
        gt=0,
        description="A process silent this long is dead: its students are counted offline.",
    )
    notification_push_interval_seconds: float = Field(
        default=5.0,
        ge=0,
        description="A chat's new_message notification is pushed (notification.new) when it "
        "starts; while it keeps counting up, at most once per this many seconds, as it stands "
        "at the end of them (each message.new still comes at once). 0: at every message.",
    )
    notification_round_seconds: float = Field(
        default=0.1,
        ge=0,
        description="New notifications are read and pushed in rounds (one statement and one "
        "publish each), at most one round per this many seconds: under load, what is "
        "published meanwhile waits for the next round, so rounds are fewer and bigger and "
        "the messages' own deliveries wait less; after a quiet spell a round starts at once.",
    )

    # --- Serving ---------------------------------------------------------------------------
    websocket_compression: bool = Field(
        default=False,
        description="Offer permessage-deflate to WebSocket clients (browsers ask for it). Off: "
        "the frames are small JSON, and each connection would hold a compressor and a "
        "decompressor (about 35 KB) and compress every frame for each recipient.",
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1)
    frontend_url: str = "http://localhost:8000"
    public_url: str | None = Field(
        default=None,
        description="Base URL where this API is reached (for avatar links); unset: FRONTEND_URL.",
    )
    allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Comma-separated; empty means FRONTEND_URL only."
    )
    web_dist_dir: Path = Field(
        default=REPO_ROOT / "frontend" / "out",
        description="The built web app (Next.js static export) served at `/` when present.",
    )

    # --- Security --------------------------------------------------------------------------
    jwt_secret: SecretStr | None = Field(
        default=None, description="Signing key; unset: generated once into DATA_DIR/jwt_secret."
    )
    jwt_algorithm: Literal["HS256"] = "HS256"
    access_token_ttl_seconds: int = Field(default=15 * 60, ge=30)
    refresh_token_ttl_seconds: int = Field(default=30 * 24 * 3600, ge=60)
    email_verification_ttl_seconds: int = Field(default=48 * 3600, ge=60)
    password_reset_ttl_seconds: int = Field(default=30 * 60, ge=60)
    bcrypt_rounds: int = Field(default=12, ge=4, le=16)

    # --- Mail ------------------------------------------------------------------------------
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_tls: Literal["starttls", "tls", "none"] = Field(
        default="starttls",
        description="starttls (port 587), tls (implicit, port 465) or none (a local relay).",
    )
    mail_from: str = "Quad <no-reply@quad.localhost>"

    # --- Avatar storage --------------------------------------------------------------------
    s3_bucket: str | None = None
    s3_endpoint_url: str | None = None
    s3_region: str = "us-east-1"
    aws_access_key_id: str | None = None
    aws_secret_access_key: SecretStr | None = None
    s3_public_url: str | None = Field(
        default=None,
        description="Public base URL of the bucket; unset: <endpoint>/<bucket> or AWS's address.",
    )
    media_dir: Path | None = Field(
        default=None, description="Local avatar files; unset: DATA_DIR/media."
    )

    # --- Operations ------------------------------------------------------------------------
    log_level: str = "INFO"
    log_format: Literal["auto", "json", "text"] = Field(
        default="auto", description="auto: readable text on a terminal, JSON lines otherwise."
    )
    sentry_dsn: SecretStr | None = None

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip().rstrip("/") for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("frontend_url", "public_url")
    @classmethod
    def _strip_trailing_slash(cls, value: str | None) -> str | None:
        return value.rstrip("/") if value else value

    @model_validator(mode="after")
    def _fill_derived_defaults(self) -> Settings:
        if not self.allowed_origins:
            parts = urlsplit(self.frontend_url)
            self.allowed_origins = [f"{parts.scheme}://{parts.netloc}"]
        if self.public_url is None:
            self.public_url = self.frontend_url
        if self.media_dir is None:
            self.media_dir = self.data_dir / "media"
        return self

    @cached_property
    def signing_key(self) -> str:
        """The JWT key: JWT_SECRET, or a random key generated once and kept in DATA_DIR."""
        if self.jwt_secret is not None:
            return self.jwt_secret.get_secret_value()
        path = self.data_dir / "jwt_secret"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()

    @property
    def api_base_url(self) -> str:
        assert self.public_url is not None  # filled by the validator
        return self.public_url

    @property
    def media_root(self) -> Path:
        assert self.media_dir is not None  # filled by the validator
        return self.media_dir

    @property
    def mail_enabled(self) -> bool:
        return self.smtp_host is not None

    @property
    def s3_enabled(self) -> bool:
        return self.s3_bucket is not None

    @property
    def cookie_secure(self) -> bool:
        """Secure cookies everywhere but on localhost over plain HTTP."""
        host = urlsplit(self.frontend_url).hostname or ""
        return not (host in {"localhost", "127.0.0.1", "::1"} or host.endswith(".localhost"))
