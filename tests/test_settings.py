"""One source of configuration: the generator is a validated literal with a `uses_llm` view;
"today" is the date in Europe/Berlin."""

from datetime import UTC, date, datetime

import pytest
from click.testing import CliRunner
from freezegun import freeze_time
from pydantic import ValidationError

from assistant.cli import main
from assistant.settings import GENERATORS, Settings, get_settings, today_in_berlin


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


# --------------------------------------------------------------------------- today in Berlin


@pytest.mark.parametrize(
    ("utc", "berlin_day"),
    [
        ("2024-04-22 23:30:00", date(2024, 4, 23)),  # summer time: 01:30 on the 23rd in Berlin
        ("2024-12-31 23:30:00", date(2025, 1, 1)),  # winter time: 00:30 on New Year's Day
        ("2024-04-22 21:30:00", date(2024, 4, 22)),  # 23:30 in Berlin: still the 22nd
    ],
)
def test_today_is_the_berlin_date_on_a_utc_host(utc: str, berlin_day: date) -> None:
    """The host clock is UTC (freezegun's `date.today()` is the frozen UTC date); "today" for
    past/upcoming and tense is the date in Berlin, so it changes at midnight German time."""
    with freeze_time(utc):
        assert Settings(today=None).effective_today() == berlin_day
        assert today_in_berlin() == berlin_day
    assert Settings(today=date(2020, 1, 2)).effective_today() == date(2020, 1, 2)  # evals: fixed


def test_today_in_berlin_of_a_given_moment() -> None:
    moment = datetime(2024, 3, 31, 0, 30, tzinfo=UTC)  # the night summer time begins
    assert today_in_berlin(moment) == date(2024, 3, 31)
    assert today_in_berlin(datetime(2024, 3, 30, 23, 30, tzinfo=UTC)) == date(2024, 3, 31)
