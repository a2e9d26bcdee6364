"""The one place configuration comes from: environment variables prefixed `ASSISTANT_`.

CLI flags override these by building a copy with `settings.model_copy(update=...)`;
nothing here touches the disk or the network, so importing is free.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, get_args
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: Default embedding model, chosen by the retrieval eval (see README, evals/).
DEFAULT_EMBEDDING_MODEL = "use-multilingual-v3"
#: The answer step: offline extractive, or an LLM behind the guardrails.
GeneratorName = Literal["extractive", "openai", "ollama", "llamacpp"]
GENERATORS: tuple[str, ...] = get_args(GeneratorName)
#: Visitors' votes are deleted this many days after they were last cast (docs/datenschutz.md).
DEFAULT_FEEDBACK_RETENTION_DAYS = 90
#: Where "today" is decided: the events and their visitors are in Germany, the server may not be.
TIMEZONE = "Europe/Berlin"


def today_in_berlin(now: datetime | None = None) -> date:
    """The calendar date in Germany at `now` (default: the current moment).

    On a UTC host the local date changes at 01:00/02:00 German time, so an event that has
    started in Germany would still be "upcoming"; every past/upcoming and tense decision goes
    through `Settings.effective_today`, which uses this. The zone data comes from the system
    or, where that is missing, from the `tzdata` package.
    """
    moment = now if now is not None else datetime.now(UTC)
    return moment.astimezone(ZoneInfo(TIMEZONE)).date()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    corpus_dir: Path = Path("corpus")
    vectorstore_dir: Path = Path("vectorstore")
    data_dir: Path = Path("data")
    embedding_model: str = DEFAULT_EMBEDDING_MODEL
    chroma_url: str | None = None
    collection_prefix: str = "assistant"

    # retrieval
    top_k: int = Field(default=5, ge=1, le=50)
    lexical_weight: float = Field(default=0.9, ge=0.0, le=1.0)
    document_weight: float = Field(default=0.5, ge=0.0, le=1.0)
    candidate_k: int = Field(default=30, ge=1, le=500)

    # answering
    generator: GeneratorName = "extractive"
    max_question_chars: int = Field(default=2000, ge=10)
    today: date | None = None  # fixed "today" for reproducible evals; None = real date

    # LLM backends (optional)
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_gguf: Path | None = None  # llamacpp; unset = the model `make llm-model` fetched
    llm_timeout_s: float = 30.0
    llm_max_tokens: int = Field(default=300, ge=16, le=4096)  # answer length cap
    llm_context_chars: int = Field(default=1800, ge=300)  # source text shown (~500 tokens)
    llm_threads: int = Field(default=2, ge=1, le=64)  # llamacpp: threads reading the prompt
    llm_generation_threads: int = Field(default=1, ge=1, le=64)  # llamacpp: writing the answer
    llm_context_tokens: int = Field(default=8192, ge=1024, le=131072)  # llamacpp: n_ctx, 2 slots

    # UI
    host: str = "127.0.0.1"
    port: int = 7860
    staff_token: SecretStr | None = None

    # privacy and operations
    feedback_retention_days: int = Field(default=DEFAULT_FEEDBACK_RETENTION_DAYS, ge=1, le=3650)
    log_format: Literal["text", "json"] = "text"  # "json": one JSON object per log line

    @field_validator("generator", mode="before")
    @classmethod
    def _generator_name(cls, value: Any) -> Any:
        """ "OpenAI ", "" and None are spelled by people; the literal check comes after."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return "extractive"
        return value.strip().lower() if isinstance(value, str) else value

    @property
    def uses_llm(self) -> bool:
        """Whether answers (and the catalog at ingest) involve a language model."""
        return self.generator != "extractive"

    def effective_today(self) -> date:
        """The fixed `today` (reproducible evals) or the date in Europe/Berlin right now."""
        return self.today or today_in_berlin()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
