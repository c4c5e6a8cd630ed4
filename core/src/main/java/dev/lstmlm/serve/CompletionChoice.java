package dev.lstmlm.serve;

import dev.lstmlm.generate.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One choice of a completion, built on the request's thread from its sequence's events: the text,
 * and with {@code logprobs} OpenAI's {@code {tokens, token_logprobs, top_logprobs, text_offset}},
 * the echoed prompt first (its first token's log-probability null: it has no context in the
 * prompt).
 */
final class CompletionChoice {
    final int index;
    private final Prompts.Encoded prompt;
    private final boolean echo;
    private final boolean logprobs;
    private final Tokenizer tokenizer;
    /** The prompt token a scored position predicts is position + shift. */
    private final int shift;
    private final Float[] promptLogprobs;
    private final Object[] promptTops;
    private final List<String> tokens = new ArrayList<>();
    private final List<Float> tokenLogprobs = new ArrayList<>();
    private final List<Object> tops = new ArrayList<>();
    /** Offsets in the completion text (without the echoed prompt). */
    private final List<Integer> offsets = new ArrayList<>();
    private int completionChars;
    private int previous;
    String finish;
    private String text = "";
    boolean echoSent;

    CompletionChoice(int index, Prompts.Encoded prompt, boolean echo, boolean logprobs, Tokenizer tokenizer, int start) {
        this.index = index;
        this.prompt = prompt;
        this.echo = echo;
        this.logprobs = logprobs;
        this.tokenizer = tokenizer;
        this.shift = start >= 0 ? 0 : 1;
        int m = prompt.ids().length;
        this.promptLogprobs = new Float[m];
        this.promptTops = new Object[m];
        this.previous = m > 0 ? prompt.ids()[m - 1] : start;
    }

    /** The targets for the sequence's fed tokens: each prompt token after the first, when echoed with logprobs. */
    int[] targets(int[] feed) {
        int[] targets = Serving.none(feed.length);
        if (!(echo && logprobs)) return targets;
        int[] ids = prompt.ids();
        for (int k = 0; k < feed.length; k++) {
            int t = k + shift;
            if (t >= 1 && t < ids.length) targets[k] = ids[t];
        }
        return targets;
    }

    void accept(Run.Event e) {
        switch (e) {
            case Run.Scored s -> {
                int t = s.position() + shift;
                promptLogprobs[t] = s.logprob();
                promptTops[t] = topMap(s.top(), prompt.ids()[t - 1]);
            }
            case Run.Generated g -> {
                tokens.add(g.piece());
                tokenLogprobs.add(Float.isNaN(g.logprob()) ? null : g.logprob());
                tops.add(topMap(g.top(), previous));
                offsets.add(completionChars);
                completionChars += g.piece().length();
                previous = g.id();
            }
            case Run.Finished f -> {
                finish = f.reason();
                text = f.text();
            }
        }
    }

    /** Generated tokens that start inside the final text (a stop string cuts the rest). */
    int keptTokens() {
        if (!"stop".equals(finish)) return tokens.size();
        int n = 0;
        while (n < offsets.size() && offsets.get(n) < text.length()) n++;
        return n;
    }

    private Map<String, Float> topMap(Sequence.Alternative[] top, int before) {
        Map<String, Float> m = new LinkedHashMap<>();
        if (top != null) {
            for (Sequence.Alternative a : top) m.put(tokenizer.text(a.id(), before), a.logprob());
        }
        return m;
    }

    /** The whole choice, for a response that is not streamed. */
    Map<String, Object> json() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("text", (echo ? prompt.text() : "") + text);
        c.put("index", index);
        c.put("logprobs", logprobs ? logprobs(true, 0, keptTokens()) : null);
        c.put("finish_reason", finish);
        return c;
    }

    /** The echoed prompt as the first chunk of a stream. */
    Map<String, Object> echoChunk() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("text", prompt.text());
        c.put("index", index);
        c.put("logprobs", logprobs ? logprobs(true, 0, 0) : null);
        c.put("finish_reason", null);
        return c;
    }

    /** The chunk of generated token {@code i} (its text as released past the stop strings). */
    Map<String, Object> tokenChunk(int i, String delta) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("text", delta);
        c.put("index", index);
        c.put("logprobs", logprobs ? logprobs(false, i, i + 1) : null);
        c.put("finish_reason", null);
        return c;
    }

    Map<String, Object> finishChunk() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("text", "");
        c.put("index", index);
        c.put("logprobs", null);
        c.put("finish_reason", finish);
        return c;
    }

    int generatedSoFar() {
        return tokens.size();
    }

    /** Prompt tokens (when {@code withPrompt} and echoing) then generated tokens [from, to). */
    private Map<String, Object> logprobs(boolean withPrompt, int from, int to) {
        List<String> toks = new ArrayList<>();
        List<Float> lps = new ArrayList<>();
        List<Object> top = new ArrayList<>();
        List<Integer> offs = new ArrayList<>();
        int base = echo ? prompt.text().length() : 0;
        if (withPrompt && echo) {
            int at = 0;
            for (int t = 0; t < prompt.pieces().size(); t++) {
                toks.add(prompt.pieces().get(t));
                lps.add(promptLogprobs[t]);
                top.add(t == 0 ? null : promptTops[t]);
                offs.add(at);
                at += prompt.pieces().get(t).length();
            }
        }
        for (int i = from; i < to; i++) {
            toks.add(tokens.get(i));
            lps.add(tokenLogprobs.get(i));
            top.add(tops.get(i));
            offs.add(base + offsets.get(i));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tokens", toks);
        m.put("token_logprobs", lps);
        m.put("top_logprobs", top);
        m.put("text_offset", offs);
        return m;
    }

    @Override
    public String toString() {
        return "choice " + index + " " + Arrays.toString(prompt.ids()) + " -> " + text;
    }
}
