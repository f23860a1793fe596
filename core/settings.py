"""Settings from the environment and `.env` (pydantic-settings). Every field has a default
that runs the embedded set-up: SQLite and an embedded Chroma under ./data, local embeddings,
rule-based understanding, the console."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    data_dir: Path = Field(Path("data"), alias="MEMORO_DATA_DIR")
    default_tz: str = Field("", alias="MEMORO_DEFAULT_TZ", description="zone for new owners; empty: the message's offset")
    max_message_chars: int = Field(8000, alias="MEMORO_MAX_MESSAGE_CHARS", ge=100)
    log_level: str = Field("INFO", alias="MEMORO_LOG_LEVEL")
    log_format: str = Field("text", alias="MEMORO_LOG_FORMAT")
    character: str = Field("default", alias="MEMORO_CHARACTER")
    chroma_url: str | None = Field(None, alias="MEMORO_CHROMA_URL")
    database_url: SecretStr | None = Field(None, alias="MEMORO_DATABASE_URL",
                                           description="postgresql://user:pass@host/db; unset: SQLite under data_dir")
    embedder: Literal["onnx", "torch", "openai"] = Field(
        "onnx", alias="MEMORO_EMBEDDER", validation_alias=AliasChoices("MEMORO_EMBEDDER", "MEMORO_EMBEDDINGS"),
        description="MiniLM on ONNX Runtime or on torch (same vectors), or an OpenAI-compatible endpoint")
    embeddings_model: str = Field("text-embedding-3-small", alias="MEMORO_EMBEDDINGS_MODEL")
    embeddings_base_url: str | None = Field(None, alias="MEMORO_EMBEDDINGS_BASE_URL",
                                            description="default: MEMORO_LLM_BASE_URL")

    telegram_token: SecretStr | None = Field(None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base_url: str | None = Field(None, alias="TELEGRAM_API_BASE_URL")
    webhook_url: str | None = Field(None, alias="MEMORO_WEBHOOK_URL")
    webhook_secret: SecretStr | None = Field(None, alias="MEMORO_WEBHOOK_SECRET")
    webhook_listen: str = Field("0.0.0.0", alias="MEMORO_WEBHOOK_LISTEN")
    webhook_port: int = Field(8443, alias="MEMORO_WEBHOOK_PORT")
    discord_token: SecretStr | None = Field(None, alias="DISCORD_BOT_TOKEN")
    calendar_port: int | None = Field(None, alias="MEMORO_CALENDAR_PORT", ge=0, le=65535,
                                      description="serve the calendar feed on this port; unset: no feed")
    calendar_listen: str = Field("0.0.0.0", alias="MEMORO_CALENDAR_LISTEN")
    calendar_url: str | None = Field(None, alias="MEMORO_CALENDAR_URL",
                                     description="public base URL of the feed, e.g. https://memoro.example.com")
    allowed_users: str = Field("", alias="MEMORO_ALLOWED_USERS")
    rate_limit_per_minute: int = Field(30, alias="MEMORO_RATE_LIMIT_PER_MINUTE")
    worker_id: str | None = Field(None, alias="MEMORO_WORKER_ID",
                                  description="one of several workers on one database (bot/workers.py); unset: alone")
    lease_seconds: float = Field(30.0, alias="MEMORO_LEASE_SECONDS", ge=2,
                                 description="how long a worker holds an owner's messages without renewing")

    llm_base_url: str | None = Field(None, alias="MEMORO_LLM_BASE_URL")
    llm_model: str | None = Field(None, alias="MEMORO_LLM_MODEL")
    llm_api_key: SecretStr | None = Field(None, alias="MEMORO_LLM_API_KEY")
    openai_api_key: SecretStr | None = Field(None, alias="OPENAI_API_KEY")
    llm_timeout: float = Field(20.0, alias="MEMORO_LLM_TIMEOUT")
    llm_max_retries: int = Field(1, alias="MEMORO_LLM_MAX_RETRIES")
    llm_cooldown: float = Field(30.0, alias="MEMORO_LLM_COOLDOWN", ge=0,
                                description="seconds to use only the rules after a model timeout, 429 or 5xx")

    stt_base_url: str | None = Field(None, alias="MEMORO_STT_BASE_URL",
                                     description="OpenAI-compatible speech-to-text server for voice notes")
    stt_model: str | None = Field(None, alias="MEMORO_STT_MODEL")
    stt_api_key: SecretStr | None = Field(None, alias="MEMORO_STT_API_KEY")
    stt_timeout: float = Field(60.0, alias="MEMORO_STT_TIMEOUT", gt=0)
    stt_max_retries: int = Field(1, alias="MEMORO_STT_MAX_RETRIES", ge=0)

    @field_validator("calendar_port", "calendar_url", "stt_base_url", "stt_model", "database_url", "worker_id",
                     mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        """`MEMORO_CALENDAR_PORT=` (as in .env.example) means no feed; a blank worker id, a worker alone."""
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def db_path(self) -> Path:
        return self.data_dir / "memoro.sqlite3"

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"
