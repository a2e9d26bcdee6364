"""One source of configuration: the generator is a validated literal with a `uses_llm` view."""

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from assistant.cli import main
from assistant.settings import GENERATORS, Settings, get_settings


@pytest.mark.parametrize(("given", "expected"), [(" OpenAI ", "openai"), ("", "extractive"),
                                                 ("LLAMACPP", "llamacpp")])  # fmt: skip
def test_generator_names_are_normalised(given: str, expected: str) -> None:
    settings = Settings(generator=given)  # type: ignore[arg-type]
    assert settings.generator == expected
    assert settings.uses_llm is (expected != "extractive")


def test_unknown_generator_is_refused_at_load_time() -> None:
    with pytest.raises(ValidationError, match="generator"):
        Settings(generator="gpt")  # type: ignore[arg-type]
    assert GENERATORS == ("extractive", "openai", "ollama", "llamacpp")


def test_cli_names_an_invalid_setting_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_GENERATOR", "gpt")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(main, ["info"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2
    assert "ASSISTANT_GENERATOR" in result.output and "Traceback" not in result.output
