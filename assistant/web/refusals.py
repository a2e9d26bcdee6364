"""Refusals shown in the page as Gradio errors: a German message, one log line, no traceback.

Gradio prints the full traceback of every `gr.Error` raised in an event to stderr. A wrong
token or a too-long question is not a bug; twenty lines per refusal would bury the ones that
are. The log line names where and the message shown, never what was sent (no token, no
question text).
"""

from __future__ import annotations

import logging

import gradio as gr

logger = logging.getLogger(__name__)


def refusal(message: str, where: str) -> gr.Error:
    """The `gr.Error` to raise; logs one line."""
    logger.warning("%s abgelehnt: %s", where, message)
    return gr.Error(message, print_exception=False)
