"""An engine on an inference server that speaks the OpenAI-compatible HTTP API.

``RemoteEngine`` has the same contract as ``EngineClient``: ``load`` yields ``LoadProgress``
then ``ModelLoaded``, ``generate`` yields ``PromptProgress``, ``Chunk`` events and one
``Finished``, or raises a ``WriterError`` whose message says what happened. Plain Python:
no Qt, no llama_cpp.

Prompts are built by the same builder as the local engine's. Continue is a completion, so
it goes to ``/v1/completions`` with the document's end as the prompt; summaries and
rewrites are instructions, so they go to ``/v1/chat/completions`` as a system and a user
message, and the server applies the model's own chat template. Either answer runs through
the same ``TextStream`` clean-up as a local one (stop markers, unit ends, preambles).

Several drafts are one request with the API's ``n`` where the server takes it, and
otherwise one streaming request per draft (llama-server refuses ``n`` above 1;
llama-cpp-python's server ignores it). They run side by side on a server seen, when
connecting, to answer a request while it streams another, and one after another on any
other: one that ends a stream when the next request arrives (llama-cpp-python's, unless
started with ``--interrupt_requests false``), one that queues requests, and one that could
not be told apart. A server found out later to end streams fails that request with a
sentence saying so, and is asked one after another from then on.
Word alternatives come from the API's ``logprobs`` where the server returns them
(``capabilities.token_probabilities``), and are left out where it does not.

A reasoning model thinks before it answers. llama-server and vLLM stream that thinking in
its own field (``delta.reasoning_content``, or ``delta.reasoning``); other servers leave a
``<think>`` block in the answer, which ``TextStream`` holds back. Either way none of it is
shown: its tokens go out as chunks without text, as the local engine's do, so the window
says the model is thinking, and how long it thought is in the statistics.

The answer streams as server-sent events. Stop shuts the connection down at once, which is
how these servers learn to stop generating. When the server fails part-way (a timeout, a
dropped connection, an error status, a body that is not the OpenAI API), the text already
streamed stays where it is and the error says it is incomplete. The HTTP client, its
limits and the sentences for its failures are in ``core/sources/server_api.py``: requests
go to the configured host and port only.

Nothing a server sends is trusted. Its answer is read within ``ServerLimits`` (time in all
and without a token, bytes in all and per event, JSON depth); the request's token limit is
kept on what arrives, thinking included, whether or not the server keeps it; and the text
goes through the same clean-up as a local model's, which drops control characters and bidi
overrides and ends the answer at a chat model's control token (``TextStream``). A model
that thinks until its limit and writes nothing is said to have done so.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import math
import queue
import threading
import time
from collections.abc import Iterator, Sequence
from typing import Any

import httpx

from writer_app.core.errors import GenerationError, ModelLoadError
from writer_app.core.i18n import QT_TRANSLATE_NOOP, Message, message, message_of
from writer_app.core.models.adapters import Adapter, AdapterError
from writer_app.core.models.hardware import Hardware, LayerPlan
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.protocol import (
    BackendInfo,
    Chunk,
    DraftResult,
    Event,
    Finished,
    FinishReason,
    GenerationStats,
    LoadProgress,
    ModelInfo,
    ModelLoaded,
    PromptProgress,
    TokenAlternatives,
    TokenChoice,
)
from writer_app.core.requests import Action, ContinueMode, GenerationRequest, draft_seeds
from writer_app.core.sources.server_api import (
    CONNECT_TIMEOUT_S,
    LIMITS,
    ServerError,
    ServerLimits,
    TooDeep,
    describe_status,
    describe_transport_error,
    host_port,
    iter_events,
    list_models,
    make_client,
    offered,
    parse_json,
    read_body,
    request_json,
    shut_down,
    too_deep,
    watch,
)
from writer_app.core.sources.servers import Capabilities, ServerConfig
from writer_app.core.text.units import estimate_text_tokens
from writer_app.core.writing.answer import TextStream
from writer_app.core.writing.prompts import Prompt, PromptPart, build_prompt

log = logging.getLogger(__name__)

_MEASURE_STREAM_TOKENS = 512
_NO_HARDWARE = Hardware(backends=(), devices=(), cpu_features=())


def estimate_tokens(text: str, _special: bool = False) -> Sequence[int]:
    """A stand-in tokenizer for servers, which do not all offer one (and a round trip per
    count would be slow): as many tokens as the app's estimate says."""
    return range(estimate_text_tokens(text))


class _ServerChat:
    """The server's chat template, which this computer does not know, as fitting counts
    it: each message's role and text, two tokens around each message (system and user)
    and one to start the answer. None of this text is sent: the messages are."""

    extra_tokens = 2 * 2 + 1

    def frame(self, system: str, user_head: str) -> tuple[PromptPart, PromptPart]:
        return PromptPart(f"system{system}user{user_head}", True), PromptPart("", True)


@dataclasses.dataclass(frozen=True)
class ServerPrompt:
    """A request body for one endpoint, and how its answer is cleaned."""

    endpoint: str
    body: dict[str, Any]
    prompt: Prompt


def build_server_prompt(request: GenerationRequest, n_ctx: int) -> ServerPrompt:
    """The endpoint and body for ``request``, built as the local engine builds its prompt."""
    if request.action is Action.CONTINUE:
        if request.continue_mode is ContinueMode.CHAT:
            log.info("Continue uses the completions endpoint: a chat answer cannot be "
                     "prefilled on every server")
        prompt = build_prompt(dataclasses.replace(request, continue_mode=ContinueMode.COMPLETION),
                              None, estimate_tokens, n_ctx)
        return ServerPrompt("completions", {"prompt": prompt.completion}, prompt)
    prompt = build_prompt(request, _ServerChat(), estimate_tokens, n_ctx)
    messages = [{"role": m.role, "content": m.content} for m in prompt.messages]
    return ServerPrompt("chat/completions", {"messages": messages}, prompt)


class RemoteEngine:
    """Runs requests on an OpenAI-compatible server, one at a time."""

    def __init__(self, config: ServerConfig, api_key: str = "", *,
                 limits: ServerLimits = LIMITS) -> None:
        self.config = config
        # Measured when connecting; until then, nothing beyond plain generation.
        self.capabilities = Capabilities(model_files=False, hardware=False,
                                         several_drafts=False, token_probabilities=False)
        self.model: ModelInfo | None = None
        self._api_key = api_key
        self._limits = limits
        self._client: httpx.Client | None = None
        self._lock = threading.Lock()
        self._cancelled = threading.Event()
        self._responses: set[httpx.Response] = set()
        self._one_at_a_time = False

    def _http(self) -> httpx.Client:
        if self._client is None:
            self._client = make_client(self.config, self._api_key, self._limits)
        return self._client

    def probe(self, refresh: bool = False) -> BackendInfo:
        """A server does not tell this computer about its devices."""
        return BackendInfo(gpu_offload=False, llama_cpp_python="", hardware=_NO_HARDWARE)

    def load(self, settings: LoadSettings) -> Iterator[Event]:
        """Connect: check that the server has the chosen model. ``settings.n_ctx`` is the
        context the prompts are fitted to; the model file is the server's business."""
        if settings.adapters:
            self.set_adapters(settings.adapters)
        self.model = None
        return self._connect(settings)

    def set_adapters(self, adapters: tuple[Adapter, ...]) -> Iterator[Event]:
        """Adapters are the server's business: they are refused here."""
        raise AdapterError(message(QT_TRANSLATE_NOOP(
            "core", "LoRA adapters cannot be added to the model of the server at {host}: "
            "load them on the server, or use a local model."), host=host_port(self.config)))

    def _connect(self, settings: LoadSettings) -> Iterator[Event]:
        with self._lock:
            started = time.perf_counter()
            yield LoadProgress(0, 0.0)
            try:
                models = list_models(self.config, self._api_key, self._limits)
            except ServerError as exc:
                raise ModelLoadError(message_of(exc)) from None
            name = self.config.model
            if name not in models:
                raise ModelLoadError(message(QT_TRANSLATE_NOOP(
                    "core", "The server at {host} has no model named '{name}'; it offers: "
                    "{offered}."), host=host_port(self.config), name=name,
                    offered=offered(models, self._limits)))
            self.capabilities = self._measure()
            self._one_at_a_time = (not self.capabilities.several_drafts
                                   and not self._serves_side_by_side())
            log.info("using %s on %s: continue through /v1/completions, instructions "
                     "through /v1/chat/completions (the server's chat template); %s",
                     name, host_port(self.config), self.capabilities)
            self.model = ModelInfo(
                path=f"{self.config.base_url}#{name}", name=name, architecture="server",
                quantization="", parameter_count=0, n_ctx=settings.n_ctx,
                n_ctx_train=settings.n_ctx, has_chat_template=True,
                backend=f"Server {self.config.host}", gpu_layers=0,
                load_seconds=time.perf_counter() - started,
                layer_plan=LayerPlan(0, 0, f"The model runs on {host_port(self.config)}."),
            )
            yield LoadProgress(0, 1.0)
            yield ModelLoaded(0, self.model)

    def _measure(self) -> Capabilities:
        """Ask for two one-token answers with their alternatives: what comes back shows
        whether the server takes ``n`` (llama-server refuses it) and returns token
        probabilities. Nothing of the writer's text is sent."""
        body: dict[str, Any] = {"model": self.config.model, "prompt": "Hello", "n": 2,
                                "max_tokens": 1, "logprobs": 2, "temperature": 1.0}
        choices: list[Any] = []
        try:
            for attempt in (body, {**body, "n": 1}):
                with contextlib.suppress(ServerError):
                    answer = request_json(self._http(), "POST", "/v1/completions",
                                          self.config, self._limits, body=attempt)
                    listed = answer.get("choices") if isinstance(answer, dict) else None
                    choices = listed if isinstance(listed, list) else []
                    break
        except ValueError as exc:
            log.info("the server's capabilities could not be measured: %s", exc)
        first = choices[0] if choices and isinstance(choices[0], dict) else {}
        return Capabilities(
            model_files=False, hardware=False, several_drafts=len(choices) > 1,
            token_probabilities=any(token.top for token in read_alternatives(
                first.get("logprobs"), 2)),
        )

    def _serves_side_by_side(self) -> bool:
        """Whether the server answers a request while it streams another: a stream is
        opened, and a one-token request is sent once its first token is in; a server that
        answers it while the stream goes on serves both at once.

        Any other answer is no. A server that ends the stream when the request arrives
        (llama-cpp-python's) ends it without a finish reason; one that queues the request
        ends the stream first, with one. Neither is seen when the stream stalls:
        llama-cpp-python's server sends nothing while the text is not whole UTF-8, and
        only looks for a waiting request when it sends. The stream is long enough that
        the request arrives before it ends, however fast the model."""
        body: dict[str, Any] = {"model": self.config.model, "prompt": "Hello", "stream": True,
                                "max_tokens": _MEASURE_STREAM_TOKENS, "temperature": 1.0}
        second = threading.Thread(target=self._quietly_post, daemon=True, args=(
            {**body, "stream": False, "max_tokens": 1},), name="writer-app-measure")
        guard = watch(self.config, self._limits, stream=False)
        try:
            with self._http().stream("POST", "/v1/completions", json=body) as response, \
                    guard.on(response):
                if response.status_code != 200:
                    return False
                for count, data in enumerate(iter_events(response, self._limits, guard,
                                                         self.config)):
                    if data.strip() == "[DONE]":
                        return False
                    if count > 2 * body["max_tokens"]:  # it ignores the limit: cannot tell
                        return False
                    if second.ident is None:
                        second.start()
                    elif not second.is_alive():  # answered while this stream goes on
                        return True
        except (httpx.HTTPError, ServerError, ValueError, AttributeError, TypeError) as exc:
            log.info("whether the server takes requests side by side was not measured: %s",
                     exc)
        finally:
            if second.ident is not None:
                second.join()
        return False

    def _quietly_post(self, body: dict[str, Any]) -> None:
        """Send a request and wait for its answer, which is read up to ``error_bytes``
        and dropped."""
        with contextlib.suppress(httpx.HTTPError), self._http().stream(
                "POST", "/v1/completions", json=body, timeout=self._limits.list_s) as answer:
            read_body(answer, self._limits.error_bytes, truncate=True)

    def generate(self, request: GenerationRequest) -> Iterator[Event]:
        """Stream the answer to ``request`` (see the module's docstring)."""
        if self.model is None:
            raise GenerationError(message(QT_TRANSLATE_NOOP(
                "core", "No server model is in use yet: choose one in Model ▸ Servers….")))
        if self._lock.locked():
            self.cancel()
        return self._generate(request, self.model)

    def cancel(self) -> None:
        """Stop the request in flight at once; safe to call from any thread."""
        self._cancelled.set()
        for response in list(self._responses):
            shut_down(response)

    def close(self) -> None:
        self.cancel()
        locked = self._lock.acquire(timeout=CONNECT_TIMEOUT_S)
        try:
            if self._client is not None:
                self._client.close()
            self._client = self.model = None
        finally:
            if locked:
                self._lock.release()

    # One generation -----------------------------------------------------------------

    def request_body(self, request: GenerationRequest, built: ServerPrompt, seed: int,
                     ) -> dict[str, Any]:
        """The JSON body this engine posts to the server for ``request``, built into
        ``built``, drawing with ``seed``."""
        sampling = request.sampling
        body: dict[str, Any] = {
            "model": self.config.model, **built.body, "stream": True,
            "stream_options": {"include_usage": True},
            "max_tokens": built.prompt.max_tokens, "temperature": sampling.temperature,
            "top_p": sampling.top_p, "top_k": sampling.top_k, "min_p": sampling.min_p,
            "repeat_penalty": sampling.repeat_penalty, "stop": list(built.prompt.stop),
            "seed": seed,
        }
        if built.endpoint == "chat/completions":
            # Thinking off where the server's chat template has the switch (Qwen3 and its
            # kind, on llama-server and vLLM); what is still thought is held back.
            body["chat_template_kwargs"] = {"enable_thinking": False}
        if request.alternatives and self.capabilities.token_probabilities:
            if built.endpoint == "completions":
                body["logprobs"] = request.alternatives
            else:
                body |= {"logprobs": True, "top_logprobs": request.alternatives}
        return body

    def _generate(self, request: GenerationRequest, info: ModelInfo) -> Iterator[Event]:
        with self._lock:
            self._cancelled.clear()
            built = build_server_prompt(request, info.n_ctx)
            prompt = built.prompt
            estimate = sum(len(estimate_tokens(part.text)) for part in prompt.parts)
            yield PromptProgress(0, 0, estimate)
            seeds = draft_seeds(request.sampling.seed, request.drafts)
            k = request.alternatives if self.capabilities.token_probabilities else 0
            failures: list[ServerError] = []
            if request.drafts == 1 or self.capabilities.several_drafts:
                # One request for every draft: they share its seed.
                runs = [_Run(prompt, index, seeds[0], k, self._limits.token_chars)
                        for index in range(request.drafts)]
                body = self.request_body(request, built, seeds[0])
                if request.drafts > 1:
                    body["n"] = request.drafts
                try:
                    yield from self._stream(built, body, runs)
                except ServerError as exc:
                    failures.append(exc)
            else:
                runs = [_Run(prompt, index, seed, k, self._limits.token_chars)
                        for index, seed in enumerate(seeds)]
                bodies = [self.request_body(request, built, run.seed) for run in runs]
                if self._one_at_a_time:
                    yield from self._one_after_another(built, bodies, runs, failures)
                else:
                    yield from self._side_by_side(built, bodies, runs, failures)
            for run in runs:
                tail = run.text.flush()
                if tail:
                    run.shown = True
                    yield run.chunk(tail)
            cancelled = self._cancelled.is_set()
            shown = any(run.shown for run in runs)
            if failures and not cancelled:
                raise ServerError(message(QT_TRANSLATE_NOOP(
                    "core", "{failure} The text so far is kept, but it is incomplete."),
                    failure=message_of(failures[0])) if shown else message_of(failures[0]))
            if not shown and not cancelled and any(run.thought and run.finish == "length"
                                                   for run in runs):
                raise ServerError(message(QT_TRANSLATE_NOOP(
                    "core", "The model on {host} thought for {tokens:,} tokens and reached "
                    "its limit before it wrote anything, so there is no answer. Ask again, "
                    "or choose a longer length."), host=host_port(self.config),
                    tokens=max(run.tokens for run in runs)))
            drafts = tuple(DraftResult(run.index, run.seed, run.reason(cancelled), run.tokens)
                           for run in runs)
            yield Finished(0, drafts[0].reason, _stats(runs, info, estimate), drafts)

    def _side_by_side(self, built: ServerPrompt, bodies: Sequence[dict[str, Any]],
                      runs: Sequence[_Run], failures: list[ServerError]) -> Iterator[Event]:
        """Stream one request per draft at once, for a server that gives one answer per
        request; each failure is added to ``failures``."""
        events: queue.Queue[Event | None] = queue.Queue()

        def stream(body: dict[str, Any], run: _Run) -> None:
            try:
                for event in self._stream(built, body, [run]):
                    events.put(event)
            except _EndedEarly:
                self._one_at_a_time = True
                log.info("%s ends a stream when another request arrives: drafts are asked "
                         "for one after another from now on", host_port(self.config))
                failures.append(ServerError(message(QT_TRANSLATE_NOOP(
                    "core", "The server at {host} stopped a draft as soon as the next one was "
                    "asked for: it answers one request at a time. Ask again: writer-app now "
                    "asks it for the drafts one after another."), host=host_port(self.config))))
            except ServerError as exc:
                failures.append(exc)
            finally:
                events.put(None)

        threads = [threading.Thread(target=stream, args=(body, run), daemon=True,
                                    name=f"writer-app-draft-{run.index}")
                   for body, run in zip(bodies, runs, strict=True)]
        for thread in threads:
            thread.start()
        ended = 0
        try:
            while ended < len(threads):
                event = events.get()
                if event is None:
                    ended += 1
                else:
                    yield event
        finally:
            if ended < len(threads):  # the consumer left early: stop the others too
                self.cancel()
            for thread in threads:
                thread.join()

    def _one_after_another(self, built: ServerPrompt, bodies: Sequence[dict[str, Any]],
                           runs: Sequence[_Run], failures: list[ServerError],
                           ) -> Iterator[Event]:
        """Stream one request per draft in turn, until one fails."""
        for body, run in zip(bodies, runs, strict=True):
            if self._cancelled.is_set():
                return
            try:
                yield from self._stream(built, body, [run])
            except ServerError as exc:
                failures.append(exc)
                return

    def _stream(self, built: ServerPrompt, body: dict[str, Any], runs: Sequence[_Run],
                ) -> Iterator[Event]:
        """Yield the chunks of one request's answers (one per run, by the choices'
        ``index``); raise ``ServerError`` when the server fails."""
        response: httpx.Response | None = None
        guard = watch(self.config, self._limits, stream=True)
        limit = built.prompt.max_tokens
        try:
            with self._http().stream("POST", f"/v1/{built.endpoint}", json=body,
                                     headers={"Accept": "text/event-stream"}) as response, \
                    guard.on(response):
                self._responses.add(response)
                if self._cancelled.is_set():
                    return
                if response.status_code != 200:
                    raise ServerError(describe_status(response, self.config, self._limits))
                if not response.headers.get("content-type", "").startswith(
                        "text/event-stream"):
                    raise ServerError(message(QT_TRANSLATE_NOOP(
                        "core", "The server at {host} did not stream its answer as the OpenAI "
                        "API does (server-sent events): it is probably another kind of "
                        "server."), host=host_port(self.config)))
                usage_seen = False
                for data in iter_events(response, self._limits, guard, self.config):
                    if self._cancelled.is_set():
                        return
                    if data.strip() == "[DONE]":
                        if any(run.finish is None and not run.text.stopped for run in runs):
                            raise _EndedEarly(self._ended_early())
                        return
                    payload = self._payload(data)
                    if isinstance(payload.get("usage"), dict):
                        runs[0].usage, usage_seen = payload["usage"], True
                    for run, choice in self._choices(payload, runs):
                        if run.tokens >= limit:  # the server does not keep the limit
                            run.finish = "length"
                            continue
                        text = run.read(choice, built.endpoint)
                        shown = run.text.feed(text.encode("utf-8")) if text else ""
                        if run.tokens > run.tokens_sent:
                            guard.progress()
                        if shown:
                            run.shown = True
                            yield run.chunk(shown)
                        elif run.thinking and run.tokens > run.tokens_sent:
                            yield run.chunk("")
                        elif not (run.shown or run.told_held) and run.tokens > run.tokens_sent:
                            run.told_held = True  # said once, as the local engine says it
                            yield Chunk(0, "", 0, run.index, held=True)
                    if self._all_ended(runs, limit, usage_seen):
                        return
                if (any(run.finish is None and not run.text.stopped for run in runs)
                        and not self._cancelled.is_set()):
                    raise ServerError(guard.expired() or self._lost())
        except httpx.HTTPError as exc:
            if self._cancelled.is_set():
                return
            if guard.expired():
                raise ServerError(guard.expired()) from None
            if runs[0].started and not isinstance(exc, httpx.TimeoutException):
                raise ServerError(self._lost()) from None
            raise ServerError(describe_transport_error(exc, self.config)) from None
        finally:
            if response is not None:
                self._responses.discard(response)

    @staticmethod
    def _choices(payload: dict[str, Any], runs: Sequence[_Run],
                 ) -> Iterator[tuple[_Run, dict[str, Any]]]:
        """Each choice of an event with its run (by its ``index``); others are skipped."""
        for choice in payload["choices"]:
            index = choice.get("index", 0) if isinstance(choice, dict) else -1
            if isinstance(index, int) and 0 <= index < len(runs):
                yield runs[index], choice
        for run in runs:
            run.started = True

    @staticmethod
    def _all_ended(runs: Sequence[_Run], limit: int, usage_seen: bool) -> bool:
        """Whether every run has ended: at a stop, at the token limit (which the server
        may not keep), or with a finish reason once the usage is in."""
        if all(run.text.stopped or run.tokens >= limit for run in runs):
            for run in runs:
                if not run.text.stopped:
                    run.finish = run.finish or "length"
            return True
        return usage_seen and all(run.finish is not None or run.text.stopped for run in runs)

    def _ended_early(self) -> Message:
        return message(QT_TRANSLATE_NOOP(
            "core", "The server at {host} ended the answer early without saying why: it may "
            "have started on another request."), host=host_port(self.config))

    def _lost(self) -> Message:
        return message(QT_TRANSLATE_NOOP(
            "core", "The connection to {host} was lost in the middle of the answer: the "
            "server may have stopped or restarted."), host=host_port(self.config))

    def _payload(self, data: str) -> dict[str, Any]:
        try:
            payload = parse_json(data.encode("utf-8"), self._limits.json_depth)
        except TooDeep:
            raise ServerError(too_deep(self.config, self._limits)) from None
        except ValueError:
            payload = None
        if isinstance(payload, dict) and "error" in payload:
            error = payload["error"]
            said = error.get("message") if isinstance(error, dict) else error
            raise ServerError(message(QT_TRANSLATE_NOOP(
                "core", "The server at {host} stopped with an error: {error}"),
                host=host_port(self.config), error=str(said)[:300]))
        if not isinstance(payload, dict) or not isinstance(payload.get("choices"), list):
            raise ServerError(message(QT_TRANSLATE_NOOP(
                "core", "The server at {host} sent something that is not part of an "
                "OpenAI-compatible answer."), host=host_port(self.config)))
        return payload


class _EndedEarly(ServerError):
    """The server closed a stream as complete before the answer had ended."""


class _Run:
    """What one draft has received so far."""

    def __init__(self, prompt: Prompt, index: int, seed: int, alternatives: int,
                 token_chars: int) -> None:
        self.prompt = prompt
        self.index, self.seed = index, seed
        self.text = TextStream(prompt.stop, strip_leading=prompt.strip_leading,
                               after=prompt.join_after, until=prompt.until,
                               answer=prompt.answer)
        self.started_at = time.perf_counter()
        self.first_at = self.last_at = 0.0
        self.tokens = self.tokens_sent = 0
        self.started = self.shown = False
        # Whether the window was told that the model writes while its text is held back.
        self.told_held = False
        self.finish: str | None = None
        self.usage: dict[str, Any] = {}
        self._k = alternatives
        self._token_chars = token_chars
        self._alternatives: list[TokenAlternatives] = []
        # When the server's reasoning field started and last had text, while it has not
        # begun the answer; both stay 0.0 for a model that does not reason.
        self._reasoning_from = self._reasoning_until = 0.0
        self.thought_tokens = 0

    @property
    def thinking(self) -> bool:
        """True while the model thinks: in the reasoning field or in a ``<think>`` block."""
        return self.text.thinking or (bool(self._reasoning_from) and not self.first_at)

    @property
    def thought(self) -> bool:
        """True if the model thought, in the reasoning field or in a ``<think>`` block."""
        return bool(self.thought_tokens) or self.text.thinking_s is not None

    @property
    def thinking_s(self) -> float:
        reasoning = self._reasoning_until - self._reasoning_from
        return max(self.text.thinking_s or 0.0, reasoning)

    def read(self, choice: dict[str, Any], endpoint: str) -> str:
        """The text of one choice of an event (reasoning, which has its own field, is
        counted but left out); its alternatives are kept for the next chunk.

        Text counts as one token per ``token_chars`` characters at least, and what is past
        the token limit by that count is left out: a server that sends a long text in one
        event cannot get more into the document than the limit allows."""
        self.started = True
        self.finish = choice.get("finish_reason") or self.finish
        if endpoint == "completions":
            text = choice.get("text")
        else:
            delta = choice.get("delta")
            delta = delta if isinstance(delta, dict) else {}
            text = delta.get("content")
            if not text and not self.first_at:
                self._read_reasoning(delta.get("reasoning_content") or delta.get("reasoning"))
        if not isinstance(text, str):
            return ""
        text = text[: max(0, self.prompt.max_tokens - self.tokens) * self._token_chars]
        if not text:
            return ""
        now = time.perf_counter()
        self.first_at = self.first_at or now
        self.last_at = now
        self.tokens += -(-len(text) // self._token_chars)
        if self._k:
            self._alternatives += read_alternatives(choice.get("logprobs"), self._k)
        return text

    def _read_reasoning(self, thought: object) -> None:
        if isinstance(thought, str) and thought:
            self._reasoning_until = time.perf_counter()
            self._reasoning_from = self._reasoning_from or self._reasoning_until
            self.tokens += 1
            self.thought_tokens += 1

    def chunk(self, text: str) -> Chunk:
        """A chunk of this draft with the tokens and alternatives since the last one."""
        chunk = Chunk(0, text, self.tokens - self.tokens_sent, self.index,
                      tuple(self._alternatives))
        self.tokens_sent = self.tokens
        self._alternatives.clear()
        return chunk

    def reason(self, cancelled: bool) -> FinishReason:
        if self.text.at_unit_end:
            return FinishReason.STOP
        if self.text.stopped:
            return FinishReason.STOP_SEQUENCE
        if cancelled:
            return FinishReason.CANCELLED
        return FinishReason.LENGTH if self.finish == "length" else FinishReason.STOP


def _stats(runs: Sequence[_Run], info: ModelInfo, estimate: int) -> GenerationStats:
    """The statistics of every draft together (the server's own counts for one draft)."""
    usage = runs[0].usage
    tokens = sum(run.tokens for run in runs)
    generated = _count(usage.get("completion_tokens"), tokens) if len(runs) == 1 else tokens
    # The rate is the answer's: the first answer token comes after the reasoning field's.
    answered = tokens - sum(run.thought_tokens for run in runs)
    prompt_tokens = _count(usage.get("prompt_tokens"), estimate)
    started = min(run.started_at for run in runs)
    first = min((run.first_at for run in runs if run.first_at), default=time.perf_counter())
    span = max(run.last_at for run in runs) - first
    return GenerationStats(
        prompt_tokens=prompt_tokens, prompt_tokens_processed=prompt_tokens,
        generated_tokens=generated, ttft_s=first - started,
        tokens_per_s=(answered - 1) / span if span > 0 else 0.0,
        prompt_s=first - started, backend=info.backend,
        truncated_input=runs[0].prompt.truncated,
        thinking_s=max(run.thinking_s for run in runs),
    )


def _count(value: object, default: int) -> int:
    """A count the server sent, or ``default`` where it sent none or something else."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 \
        else default


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def read_alternatives(logprobs: object, k: int) -> list[TokenAlternatives]:
    """The alternatives of each token in an event's ``logprobs``, in either of the API's
    forms: the chat form (``content``: token, logprob, ``top_logprobs`` list) or the older
    completions form (``tokens``, ``token_logprobs``, ``top_logprobs`` as dicts). What is
    not a number or a string is left out."""
    if not isinstance(logprobs, dict):
        return []
    entries: list[tuple[object, object, list[tuple[object, object]]]] = []
    content = logprobs.get("content")
    if isinstance(content, list):
        for entry in content:
            if isinstance(entry, dict):
                top = entry.get("top_logprobs")
                entries.append((entry.get("token"), entry.get("logprob"), [
                    (t.get("token"), t.get("logprob"))
                    for t in (top if isinstance(top, list) else []) if isinstance(t, dict)]))
    else:
        tops = logprobs.get("top_logprobs")
        for token, logprob, top in zip(logprobs.get("tokens") or [],
                                       logprobs.get("token_logprobs") or [],
                                       tops if isinstance(tops, list) else [], strict=False):
            entries.append((token, logprob, list(top.items()) if isinstance(top, dict) else []))
    result = []
    for token, logprob, top in entries:
        chosen = _number(logprob)
        if not isinstance(token, str) or chosen is None:
            continue
        choices = sorted(((text, math.exp(value)) for text, raw in top
                          if isinstance(text, str) and (value := _number(raw)) is not None),
                         key=lambda choice: -choice[1])
        result.append(TokenAlternatives(TokenChoice(token, math.exp(chosen)), tuple(
            TokenChoice(text, probability) for text, probability in choices[:k])))
    return result
