package dev.lstmlm.serve;

import dev.lstmlm.generate.SamplerOptions;
import io.javalin.http.Context;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /v1/completions} in OpenAI's shape, so that existing clients (the {@code openai}
 * package, lm-evaluation-harness's {@code local-completions}) work unchanged. Every prompt × n
 * choice is one sequence of the scheduler; choice {@code i} of a request with {@code seed} S draws
 * from seed S + i, so choice 0 equals a request with n = 1. With {@code echo} the prompt's own
 * tokens come back first, and with {@code logprobs} their log-probabilities (the first null), which
 * is what log-likelihood evaluations ask for ({@code max_tokens: 0}).
 */
final class CompletionsEndpoint {
    private final Serving serving;

    CompletionsEndpoint(Serving serving) {
        this.serving = serving;
    }

    void handle(Context ctx) throws InterruptedException {
        ServerOptions options = serving.options();
        CompletionRequest req = Http.body(ctx, options.maxBodyBytes(), CompletionRequest.class, null, CompletionRequest.EXAMPLE);
        if (req.model() != null && !req.model().equals(options.modelName())) {
            throw ApiError.notFound("the model \"" + req.model() + "\" is not served here; use \"" + options.modelName()
                    + "\" (GET /v1/models lists it)");
        }
        List<String> texts = req.prompts();
        int maxTokens = req.maxTokens(options.maxNewTokens());
        int n = req.choices();
        int top = req.topLogprobs();
        List<String> stops = req.stops();
        SamplerOptions sampling = req.samplerOptions();
        long seed = req.seed() != null ? req.seed() : Serving.randomSeed();
        if ((long) texts.size() * n > options.queueCapacity()) {
            throw ApiError.badRequest("the request asks for " + texts.size() * n + " choices (prompts times n), more than the "
                    + options.queueCapacity() + " the server queues; send fewer prompts per request");
        }
        boolean single = req.prompt() == null || !req.prompt().isArray();
        int start = serving.prompts().generationStart();
        Run run = new Run();
        List<CompletionChoice> choices = new ArrayList<>();
        List<Sequence> sequences = new ArrayList<>();
        int promptTokens = 0;
        for (int p = 0; p < texts.size(); p++) {
            Prompts.Encoded prompt = serving.prompts().encode(texts.get(p), single ? "prompt" : "prompt[" + p + "]");
            int m = prompt.ids().length;
            promptTokens += m;
            if (start < 0 && m == 0 && maxTokens > 0 && serving.tokenizer().words()) {
                throw ApiError.badRequest("this model's vocabulary has no <eos> to start from; give a non-empty prompt");
            }
            // Without tokens to generate, the last prompt token's logits are never needed.
            int fed = maxTokens > 0 ? m : Math.max(0, m - 1);
            for (int j = 0; j < n; j++) {
                int index = p * n + j;
                CompletionChoice choice = new CompletionChoice(index, prompt, req.echoes(), top >= 0, serving.tokenizer(), start);
                int[] feed = Serving.withStart(maxTokens > 0 || m > 0 ? start : -1, prompt.ids(), fed);
                choices.add(choice);
                sequences.add(serving.sequence(feed, choice.targets(feed), maxTokens, top,
                        serving.sampler(sampling, seed + index), m > 0 ? prompt.ids()[m - 1] : start, stops,
                        run.listener(index)));
            }
        }
        run.submit(serving.scheduler(), sequences);
        Http.computing(ctx, run);
        String id = "cmpl-" + UUID.randomUUID().toString().replace("-", "");
        long created = System.currentTimeMillis() / 1000;
        if (req.streams()) {
            stream(ctx, run, choices, id, created, req.echoes());
            return;
        }
        try {
            run.drain(e -> choices.get(e.index()).accept(e));
        } finally {
            run.cancel();
        }
        int completionTokens = 0;
        List<Object> json = new ArrayList<>();
        for (CompletionChoice c : choices) {
            failIfBroken(c.finish);
            completionTokens += c.keptTokens();
            json.add(c.json());
        }
        Map<String, Object> body = envelope(id, created);
        body.put("choices", json);
        body.put("usage", Map.of("prompt_tokens", promptTokens, "completion_tokens", completionTokens,
                "total_tokens", promptTokens + completionTokens));
        Http.json(ctx, 200, body);
    }

    static void failIfBroken(String finish) {
        if ("cancelled".equals(finish)) throw ApiError.unavailable("the server is shutting down and cancelled the request; retry later");
        if ("error".equals(finish)) throw new ApiError(500, "server_error", "the model failed on this request; report it with the request body", 0);
    }

    private Map<String, Object> envelope(String id, long created) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("object", "text_completion");
        body.put("created", created);
        body.put("model", serving.options().modelName());
        return body;
    }

    /** Server-sent events: one chunk per token per choice, a last chunk with its finish_reason, then [DONE]. */
    private void stream(Context ctx, Run run, List<CompletionChoice> choices, String id, long created, boolean echo)
            throws InterruptedException {
        OutputStream out;
        try {
            out = Http.startStream(ctx, "text/event-stream; charset=utf-8");
            // From here on the stream is never silent for long (a comment each idle second while the
            // request waits in the queue or reads its prompt), so a reader that stalls or leaves is
            // found by the idle timeout or a failed write, and its sequences are cancelled.
            Http.idle(ctx, serving.options().idleTimeout().toMillis());
            run.drain(e -> {
                CompletionChoice c = choices.get(e.index());
                if (echo && !c.echoSent && !(e instanceof Run.Scored)) {
                    c.echoSent = true;
                    Http.sendEvent(out, chunk(id, created, c.echoChunk()));
                }
                c.accept(e);
                if (e instanceof Run.Generated g) {
                    Http.sendEvent(out, chunk(id, created, c.tokenChunk(c.generatedSoFar() - 1, g.delta())));
                } else if (e instanceof Run.Finished f) {
                    if ("cancelled".equals(f.reason()) || "error".equals(f.reason())) {
                        Http.sendEvent(out, Http.errorBody("the request was " + ("error".equals(f.reason())
                                ? "stopped by a model failure" : "cancelled by the server's shutdown"), "server_error"));
                    } else {
                        Http.sendEvent(out, chunk(id, created, c.finishChunk()));
                    }
                }
            }, () -> Http.send(out, ": waiting\n\n"));
            Http.send(out, "data: [DONE]\n\n");
        } catch (Http.ClientGone gone) {
            // The client closed the stream: its sequences leave the batch at the next step.
        } finally {
            run.cancel();
        }
    }

    private Map<String, Object> chunk(String id, long created, Map<String, Object> choice) {
        Map<String, Object> body = envelope(id, created);
        body.put("choices", List.of(choice));
        return body;
    }
}
