package dev.lstmlm.serve;

import dev.lstmlm.UserError;
import dev.lstmlm.generate.SamplerOptions;
import io.javalin.http.Context;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/generate}: the {@code generate} command's options as JSON ({@code prime, length,
 * temperature, top_k, top_p, greedy, seed, stream}, all optional), answered with
 * {@code {"prime", "text", "tokens", "seed", "elapsed_ms"}} or, with {@code "stream": true}, the
 * prime and then each token as plain text. The same seed gives the text {@code lstmlm generate}
 * prints.
 */
final class GenerateEndpoint {
    record GenerateRequest(String prime, Integer length, Double temperature, Integer topK, Double topP, Boolean greedy,
                           Long seed, Boolean stream) {}

    static final String EXAMPLE = "{\"prime\": \"the\", \"length\": 20}";
    private static final GenerateRequest EMPTY = new GenerateRequest(null, null, null, null, null, null, null, null);

    private final Serving serving;

    GenerateEndpoint(Serving serving) {
        this.serving = serving;
    }

    void handle(Context ctx) throws InterruptedException {
        ServerOptions options = serving.options();
        GenerateRequest req = Http.body(ctx, options.maxBodyBytes(), GenerateRequest.class, EMPTY, EXAMPLE);
        int length = req.length() == null ? options.defaultLength() : req.length();
        if (length < 1 || length > options.maxNewTokens()) {
            throw ApiError.badRequest("field \"length\" must be between 1 and " + options.maxNewTokens() + ", got " + length);
        }
        SamplerOptions sampling;
        try {
            sampling = new SamplerOptions(Boolean.TRUE.equals(req.greedy()), req.temperature() == null ? 1.0 : req.temperature(),
                    req.topK() == null ? SamplerOptions.ALL : req.topK(), req.topP() == null ? 1.0 : req.topP());
        } catch (UserError e) {
            throw ApiError.badRequest(e.getMessage().replace("--greedy", "\"greedy\": true"));
        }
        long seed = req.seed() != null ? req.seed() : Serving.randomSeed();
        Prompts.Encoded prime = serving.prompts().encode(req.prime() == null ? "" : req.prime(), "prime");
        int m = prime.ids().length;
        int start = serving.prompts().generationStart();
        if (m == 0 && start < 0 && serving.tokenizer().words()) {
            throw ApiError.badRequest("this model's vocabulary has no <eos> to start a sample from; give a prime");
        }
        int[] feed = Serving.withStart(start, prime.ids(), m);
        Run run = new Run();
        run.submit(serving.scheduler(), List.of(serving.sequence(feed, Serving.none(feed.length), length, -1,
                serving.sampler(sampling, seed), m > 0 ? prime.ids()[m - 1] : start, List.of(), run.listener(0))));
        Http.computing(ctx, run);
        long begin = System.nanoTime();
        if (Boolean.TRUE.equals(req.stream())) {
            try {
                OutputStream out = Http.startStream(ctx, "text/plain; charset=utf-8");
                Http.send(out, prime.text());
                run.drain(e -> {
                    if (e instanceof Run.Generated g) Http.send(out, g.delta());
                });
            } catch (Http.ClientGone gone) {
                // The client closed the stream: the sequence leaves the batch at the next step.
            } finally {
                run.cancel();
            }
            return;
        }
        String[] finish = new String[2];
        try {
            run.drain(e -> {
                if (e instanceof Run.Finished f) {
                    finish[0] = f.reason();
                    finish[1] = f.text();
                }
            });
        } finally {
            run.cancel();
        }
        CompletionsEndpoint.failIfBroken(finish[0]);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("prime", prime.text());
        body.put("text", finish[1]);
        body.put("tokens", length);
        body.put("seed", seed);
        body.put("elapsed_ms", (System.nanoTime() - begin) / 1e6);
        if (prime.warning() != null) body.put("warning", prime.warning());
        Http.json(ctx, 200, body);
    }
}
