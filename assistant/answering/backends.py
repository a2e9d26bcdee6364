"""The chat models behind `ASSISTANT_GENERATOR`: OpenAI-compatible, Ollama, local GGUF.

Each backend is an optional extra (`pip install '.[llm]'`), imported only when asked for,
and each misconfiguration is an `LLMConfigError` whose message names the fix. Timeouts
and retries are set so that a slow or dead endpoint costs one timeout: the extractive
answer is the retry.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from pydantic import SecretStr

from assistant.answering.seam import LLMConfigError
from assistant.settings import GENERATORS, Settings

_INSTALL_HINT = "pip install '.[llm]'"


def chat_model(settings: Settings) -> tuple[BaseChatModel, str]:
    """The configured LLM backend and a label for it (its model name or file)."""
    kind = settings.generator
    if kind == "openai":
        return _openai(settings)
    if kind == "ollama":
        return _ollama(settings)
    if kind == "llamacpp":
        return _llamacpp(settings)
    # unreachable for validated settings; kept for a `model_construct`ed one
    raise LLMConfigError(
        f"Unbekannter Generator {settings.generator!r}; ASSISTANT_GENERATOR muss einer "
        f"von {', '.join(GENERATORS)} sein."
    )


def _import(module: str, attribute: str, kind: str) -> Any:
    try:
        return getattr(import_module(module), attribute)
    except ImportError as exc:
        raise LLMConfigError(
            f"Der Generator {kind!r} braucht das Paket {module.replace('_', '-')}: {_INSTALL_HINT}"
        ) from exc


def _model_name(settings: Settings, kind: str) -> str:
    if not settings.llm_model:
        raise LLMConfigError(f"Der Generator {kind!r} braucht ASSISTANT_LLM_MODEL (Modellname).")
    return settings.llm_model


def _openai(settings: Settings) -> tuple[BaseChatModel, str]:
    chat_openai = _import("langchain_openai", "ChatOpenAI", "openai")
    model = _model_name(settings, "openai")
    api_key = settings.llm_api_key
    if api_key is None:
        if not settings.llm_base_url:
            raise LLMConfigError(
                "Der Generator 'openai' braucht ASSISTANT_LLM_API_KEY oder, für einen lokalen "
                "OpenAI-kompatiblen Server, ASSISTANT_LLM_BASE_URL."
            )
        api_key = SecretStr("not-needed")  # local servers (llama.cpp, vLLM) accept any key
    chat_model = chat_openai(
        base_url=settings.llm_base_url,
        api_key=api_key,
        model=model,
        timeout=settings.llm_timeout_s,
        max_retries=0,  # a retry doubles the wait; the extractive answer is the retry
        temperature=0,
        # llama.cpp servers ignore `max_completion_tokens`, which is what `max_tokens=` sends
        extra_body={"max_tokens": settings.llm_max_tokens},
    )
    return chat_model, model


def _ollama(settings: Settings) -> tuple[BaseChatModel, str]:
    chat_ollama = _import("langchain_ollama", "ChatOllama", "ollama")
    model = _model_name(settings, "ollama")
    chat_model = chat_ollama(
        model=model,
        base_url=settings.llm_base_url,
        temperature=0,
        num_predict=settings.llm_max_tokens,
        client_kwargs={"timeout": settings.llm_timeout_s},
        validate_model_on_init=False,  # startup must not depend on the server being up
    )
    return chat_model, model


def _llamacpp(settings: Settings) -> tuple[BaseChatModel, str]:
    """A local GGUF in this process: `xllamacpp` (prebuilt wheel, part of the `llm` extra), or
    llama-cpp-python where only that is installed. Without ASSISTANT_LLM_GGUF the model
    `make llm-model` fetched is used; a missing or damaged file is refused here, at start-up."""
    from assistant.answering.gguf_model import ModelFileError, check_gguf, default_path

    path = settings.llm_gguf or default_path(settings.data_dir)
    try:
        check_gguf(Path(path))
    except ModelFileError as exc:
        raise LLMConfigError(f"Der Generator 'llamacpp' braucht ein GGUF-Modell: {exc}") from exc
    try:
        import_module("xllamacpp")
    except ImportError:
        return _llama_cpp_python(settings, Path(path)), Path(path).name
    from assistant.answering.local_gguf import ChatLocalGGUF

    chat_model = ChatLocalGGUF(
        model_path=str(path),
        n_ctx=settings.llm_context_tokens,
        n_threads=settings.llm_generation_threads,
        n_threads_batch=settings.llm_threads,
        max_tokens=settings.llm_max_tokens,
        timeout_s=settings.llm_timeout_s,
    )
    return chat_model, Path(path).name


def _llama_cpp_python(settings: Settings, path: Path) -> BaseChatModel:
    chat_llamacpp = _import("langchain_community.chat_models", "ChatLlamaCpp", "llamacpp")
    try:
        chat_model: BaseChatModel = chat_llamacpp(
            model_path=str(path),
            n_ctx=settings.llm_context_tokens,
            n_threads=settings.llm_threads,
            rope_freq_base=0,  # 0 = take it from the GGUF metadata
            max_tokens=settings.llm_max_tokens,
            temperature=0,
            verbose=False,
        )
    except ImportError as exc:  # ChatLlamaCpp imports llama-cpp-python when built
        raise LLMConfigError(
            f"Der Generator 'llamacpp' braucht xllamacpp oder llama-cpp-python: {_INSTALL_HINT}"
        ) from exc
    return chat_model
