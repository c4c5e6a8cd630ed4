package dev.lstmlm.serve;

import dev.lstmlm.data.Vocabulary;
import dev.lstmlm.generate.Beam;
import dev.lstmlm.generate.SamplerOptions;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/score} and {@code POST /v1/next}, through the same scheduler as generation (a
 * sequence that generates nothing).
 *
 * <p>A text is scored as {@code lstmlm score} scores a line: from the zero state, read after the
 * start symbol ({@code <eos>} for word models), every token and then the end symbol predicted:
 * logprob = Σ_{i=1..n+1} ln p(w_i | <eos>, w_1..w_{i−1}) with w_{n+1} = {@code <eos>}, in nats;
 * {@code tokens} = n + 1 and ppl = exp(−logprob / tokens) (KenLM's convention, OOVs included).
 */
final class ScoreEndpoints {
    record ScoreRequest(List<String> texts, Boolean perToken, Integer top) {}

    record NextRequest(String prime, Integer k, Integer beam, Integer length) {}

    static final int MAX_BEAM = 16;
    static final int MAX_BEAM_LENGTH = 32;

    static final String SCORE_EXAMPLE = "{\"texts\": [\"the company said\"], \"per_token\": false, \"top\": 0}";
    static final String NEXT_EXAMPLE = "{\"prime\": \"the company\", \"k\": 10} or {\"prime\": \"the\", \"beam\": 3, \"length\": 4}";

    private final Serving serving;

    ScoreEndpoints(Serving serving) {
        this.serving = serving;
    }

    void score(Context ctx) throws InterruptedException {
        ServerOptions options = serving.options();
        ScoreRequest req = Http.body(ctx, options.maxBodyBytes(), ScoreRequest.class, null, SCORE_EXAMPLE);
        if (req.texts() == null || req.texts().isEmpty()) {
            throw ApiError.badRequest("field \"texts\" must be a non-empty list of strings, such as " + SCORE_EXAMPLE);
        }
        if (req.texts().size() > options.queueCapacity()) {
            throw ApiError.badRequest("field \"texts\" has " + req.texts().size() + " entries, more than the "
                    + options.queueCapacity() + " the server queues; send them in smaller requests");
        }
        int top = req.top() == null ? 0 : req.top();
        if (top < 0 || top > TopTokens.MAX_K) throw ApiError.badRequest("field \"top\" must be between 0 and " + TopTokens.MAX_K + ", got " + top);
        boolean perToken = Boolean.TRUE.equals(req.perToken()) || top > 0;
        Prompts prompts = serving.prompts();
        int boundary = prompts.scoringBoundary();
        List<Prompts.Encoded> encoded = new ArrayList<>();
        Run run = new Run();
        List<Sequence> sequences = new ArrayList<>();
        for (int i = 0; i < req.texts().size(); i++) {
            String text = req.texts().get(i);
            String field = "texts[" + i + "]";
            if (text == null) throw ApiError.badRequest("field \"" + field + "\" must be a string, not null");
            Prompts.Encoded e = prompts.encode(text, field);
            if (e.ids().length == 0 || text.isBlank()) throw ApiError.badRequest("field \"" + field + "\" has no tokens to score; send a non-empty text");
            encoded.add(e);
            int n = e.ids().length;
            int[] feed = Serving.withStart(boundary, e.ids(), n);
            int[] targets = new int[n + 1];
            System.arraycopy(e.ids(), 0, targets, 0, n);
            targets[n] = boundary;
            sequences.add(serving.sequence(feed, targets, 0, top, serving.sampler(SamplerOptions.argmax(), 0), -1, List.of(),
                    run.listener(i)));
        }
        run.submit(serving.scheduler(), sequences);
        Http.computing(ctx, run);
        int count = encoded.size();
        double[] sums = new double[count];
        List<List<Float>> logprobs = new ArrayList<>();
        List<List<Object>> tops = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            logprobs.add(new ArrayList<>());
            tops.add(new ArrayList<>());
        }
        String[] finish = new String[count];
        try {
            run.drain(e -> {
                if (e instanceof Run.Scored s) {
                    sums[s.index()] += s.logprob();
                    logprobs.get(s.index()).add(s.logprob());
                    if (top > 0) tops.get(s.index()).add(alternatives(s.top()));
                } else if (e instanceof Run.Finished f) {
                    finish[f.index()] = f.reason();
                }
            });
        } finally {
            run.cancel();
        }
        List<Object> results = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < count; i++) {
            CompletionsEndpoint.failIfBroken(finish[i]);
            Prompts.Encoded e = encoded.get(i);
            int tokens = e.ids().length + 1;
            total += tokens;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("text", req.texts().get(i));
            r.put("tokens", tokens);
            r.put("oov", e.oov());
            r.put("logprob", sums[i]);
            r.put("ppl", Math.exp(-sums[i] / tokens));
            if (perToken) {
                List<String> pieces = new ArrayList<>();
                boolean words = serving.tokenizer().words();
                for (String p : e.pieces()) pieces.add(!words ? p : p.equals("\n") ? Vocabulary.EOS : p.strip());
                pieces.add(prompts.boundaryPiece());
                r.put("pieces", pieces);
                r.put("token_logprobs", logprobs.get(i));
            }
            if (top > 0) r.put("top_logprobs", tops.get(i));
            if (e.warning() != null) r.put("warning", e.warning());
            results.add(r);
        }
        Http.json(ctx, 200, Map.of("results", results, "usage", Map.of("tokens", total)));
    }

    void next(Context ctx) throws InterruptedException {
        ServerOptions options = serving.options();
        NextRequest req = Http.body(ctx, options.maxBodyBytes(), NextRequest.class, null, NEXT_EXAMPLE);
        if (req.beam() != null || req.length() != null) {
            beams(ctx, req);
            return;
        }
        int k = req.k() == null ? 10 : req.k();
        if (k < 1 || k > TopTokens.MAX_K) throw ApiError.badRequest("field \"k\" must be between 1 and " + TopTokens.MAX_K + ", got " + k);
        Prompts prompts = serving.prompts();
        Prompts.Encoded e = prompts.encode(req.prime() == null ? "" : req.prime(), "prime");
        int m = e.ids().length;
        int start = m > 0 ? prompts.generationStart() : prompts.scoringBoundary();
        int[] feed = Serving.withStart(start, e.ids(), m);
        int[] targets = Serving.none(feed.length);
        targets[feed.length - 1] = Sequence.ALTERNATIVES;
        Run run = new Run();
        run.submit(serving.scheduler(), List.of(serving.sequence(feed, targets, 0, k, serving.sampler(SamplerOptions.argmax(), 0),
                -1, List.of(), run.listener(0))));
        Http.computing(ctx, run);
        Http.computing(ctx, run);
        Sequence.Alternative[][] found = new Sequence.Alternative[1][];
        String[] finish = new String[1];
        try {
            run.drain(ev -> {
                if (ev instanceof Run.Scored s) found[0] = s.top();
                if (ev instanceof Run.Finished f) finish[0] = f.reason();
            });
        } finally {
            run.cancel();
        }
        CompletionsEndpoint.failIfBroken(finish[0]);
        List<Object> next = new ArrayList<>();
        int previous = feed[feed.length - 1];
        for (Sequence.Alternative a : found[0]) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("token", serving.tokenizer().text(a.id(), -1));
            t.put("text", serving.tokenizer().text(a.id(), previous));
            t.put("logprob", a.logprob());
            t.put("prob", Math.exp(a.logprob()));
            next.add(t);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("prime", e.text());
        body.put("next", next);
        if (e.warning() != null) body.put("warning", e.warning());
        Http.json(ctx, 200, body);
    }

    /** {@code "beam": N, "length": L}: the N most likely continuations of L tokens ({@link Beam}), on the scheduler thread. */
    private void beams(Context ctx, NextRequest req) throws InterruptedException {
        if (req.beam() == null) throw ApiError.badRequest("field \"length\" needs \"beam\" (the number of continuations); send both or neither");
        int width = req.beam();
        int length = req.length() == null ? 1 : req.length();
        if (width < 1 || width > MAX_BEAM) throw ApiError.badRequest("field \"beam\" must be between 1 and " + MAX_BEAM + ", got " + width);
        if (length < 1 || length > MAX_BEAM_LENGTH) {
            throw ApiError.badRequest("field \"length\" must be between 1 and " + MAX_BEAM_LENGTH + ", got " + length);
        }
        Prompts.Encoded e = serving.prompts().encode(req.prime() == null ? "" : req.prime(), "prime");
        if (e.ids().length == 0 && serving.prompts().generationStart() < 0) {
            throw ApiError.badRequest("this model has no start symbol, so beam search needs a prime; give one");
        }
        List<Beam.Result> found;
        try {
            found = serving.scheduler().exclusive(model -> new Beam(model, serving.tokenizer()).search(e.ids(), width, length)).get();
        } catch (java.util.concurrent.ExecutionException failed) {
            throw new ApiError(500, "server_error", "beam search failed (" + failed.getCause().getMessage() + ")", 0);
        }
        List<Object> beams = new ArrayList<>();
        for (Beam.Result r : found) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("text", r.text());
            b.put("logprob", r.logprob());
            b.put("prob", Math.exp(r.logprob()));
            beams.add(b);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("prime", e.text());
        body.put("beams", beams);
        if (e.warning() != null) body.put("warning", e.warning());
        Http.json(ctx, 200, body);
    }

    private List<Map<String, Object>> alternatives(Sequence.Alternative[] top) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Sequence.Alternative a : top) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("token", serving.tokenizer().text(a.id(), -1));
            t.put("logprob", a.logprob());
            out.add(t);
        }
        return out;
    }
}
