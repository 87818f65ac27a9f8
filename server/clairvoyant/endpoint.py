"""A client for OpenAI-compatible chat endpoints (llama.cpp server, Ollama, vLLM, hosted APIs).

Used by the `openai` prediction backend and the LLM transform generator. Plain `urllib`: no extra dependency.
"""

from __future__ import annotations

import json
import math
import os
import urllib.error
import urllib.request
from dataclasses import dataclass

from .errors import EndpointError


@dataclass(frozen=True)
class ChatReply:
    """The reply's text, and the probability of its tokens when the endpoint reports log-probabilities."""

    content: str
    probability: float | None = None


@dataclass(frozen=True)
class ChatEndpoint:
    """Where the chat model lives: ``url`` is the API base (``…/v1``) or the full ``…/chat/completions`` URL."""

    url: str
    model: str
    api_key: str = ""
    timeout_s: float = 60.0

    @classmethod
    def configured(cls, url: str, model: str, api_key_env: str, timeout_s: float = 60.0) -> ChatEndpoint:
        """An endpoint whose API key is read from the environment variable ``api_key_env`` (may be unset)."""
        return cls(url, model, os.environ.get(api_key_env, "") if api_key_env else "", timeout_s)

    def chat(self, messages: list[dict], *, max_tokens: int | None = None, logprobs: bool = False) -> ChatReply:
        """One completion at temperature 0; EndpointError (with the reason) when the endpoint fails."""
        url = self.url.rstrip("/")
        if not url.endswith("/chat/completions"):
            url += "/chat/completions"
        body: dict = {"model": self.model, "messages": messages, "temperature": 0}
        if max_tokens:
            body["max_tokens"] = max_tokens
        if logprobs:
            body["logprobs"] = True
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                reply = json.loads(response.read().decode("utf-8"))
            choice = reply["choices"][0]
            content = choice["message"]["content"]
        except (urllib.error.URLError, OSError, ValueError, KeyError, IndexError, TypeError) as exc:
            reason = getattr(exc, "reason", None) or exc
            raise EndpointError(f"the endpoint {self.url} failed: {reason}") from None
        if not isinstance(content, str):
            raise EndpointError(f"the endpoint {self.url} sent no text")
        return ChatReply(content, _probability(choice.get("logprobs")))


def _probability(logprobs) -> float | None:
    """exp(sum of token log-probabilities) from an OpenAI-style ``logprobs.content`` list, when present."""
    try:
        tokens = logprobs["content"]
        return math.exp(sum(float(t["logprob"]) for t in tokens)) if tokens else None
    except (TypeError, KeyError, ValueError):
        return None
