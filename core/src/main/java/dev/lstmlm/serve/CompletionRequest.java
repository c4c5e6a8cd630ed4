package dev.lstmlm.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lstmlm.generate.SamplerOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /v1/completions}, OpenAI's legacy completions request: the fields that
 * make sense for this server; any other is rejected by name. {@code user} is accepted and ignored.
 */
record CompletionRequest(String model, JsonNode prompt, Integer maxTokens, Double temperature, Double topP, Integer n,
                         JsonNode stop, Long seed, Boolean stream, Integer logprobs, Boolean echo, String user, Integer topK) {

    static final String EXAMPLE = "{\"model\": \"m\", \"prompt\": \"the company said\", \"max_tokens\": 16}";
    /** OpenAI's default. */
    static final int DEFAULT_MAX_TOKENS = 16;
    static final int MAX_CHOICES = 16;
    static final int MAX_STOPS = 4;

    boolean echoes() {
        return Boolean.TRUE.equals(echo);
    }

    boolean streams() {
        return Boolean.TRUE.equals(stream);
    }

    /** The prompts: one string or a list of strings. */
    List<String> prompts() {
        if (prompt == null || prompt.isNull()) return List.of("");
        if (prompt.isTextual()) return List.of(prompt.asText());
        if (prompt.isArray() && !prompt.isEmpty()) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < prompt.size(); i++) {
                if (!prompt.get(i).isTextual()) {
                    throw ApiError.badRequest("field \"prompt[" + i + "]\" must be a string; token ids are not accepted, send text");
                }
                out.add(prompt.get(i).asText());
            }
            return out;
        }
        throw ApiError.badRequest("field \"prompt\" must be a string or a non-empty list of strings");
    }

    List<String> stops() {
        if (stop == null || stop.isNull()) return List.of();
        List<String> out = new ArrayList<>();
        if (stop.isTextual()) {
            out.add(stop.asText());
        } else if (stop.isArray() && stop.size() <= MAX_STOPS) {
            for (JsonNode s : stop) {
                if (!s.isTextual()) throw ApiError.badRequest("field \"stop\" must be a string or a list of up to 4 strings");
                out.add(s.asText());
            }
        } else {
            throw ApiError.badRequest("field \"stop\" must be a string or a list of up to " + MAX_STOPS + " strings");
        }
        for (String s : out) {
            if (s.isEmpty()) throw ApiError.badRequest("field \"stop\" holds an empty string; every stop string needs a character");
        }
        return out;
    }

    int maxTokens(int cap) {
        int m = maxTokens == null ? Math.min(DEFAULT_MAX_TOKENS, cap) : maxTokens;
        if (m < 0 || m > cap) throw ApiError.badRequest("field \"max_tokens\" must be between 0 and " + cap + ", got " + m);
        if (m == 0 && !echoes()) {
            throw ApiError.badRequest("field \"max_tokens\" is 0, which only makes sense with \"echo\": true; ask for at least 1 token");
        }
        return m;
    }

    int choices() {
        int k = n == null ? 1 : n;
        if (k < 1 || k > MAX_CHOICES) throw ApiError.badRequest("field \"n\" must be between 1 and " + MAX_CHOICES + ", got " + k);
        return k;
    }

    /** Alternatives per position, or -1 when no logprobs were asked for. */
    int topLogprobs() {
        if (logprobs == null) return -1;
        if (logprobs < 0 || logprobs > TopTokens.MAX_K) {
            throw ApiError.badRequest("field \"logprobs\" must be between 0 and " + TopTokens.MAX_K + ", got " + logprobs);
        }
        return logprobs;
    }

    /** Temperature 0 is greedy, as in OpenAI's API; {@code top_k} (0 or absent: every token) as vLLM and llama.cpp take it. */
    SamplerOptions samplerOptions() {
        double t = temperature == null ? 1 : temperature;
        double p = topP == null ? 1 : topP;
        int k = topK == null ? 0 : topK;
        if (!(t >= 0) || Double.isInfinite(t)) throw ApiError.badRequest("field \"temperature\" must be 0 or more, got " + t);
        if (!(p > 0 && p <= 1)) throw ApiError.badRequest("field \"top_p\" must be in (0, 1], got " + p);
        if (k < 0) throw ApiError.badRequest("field \"top_k\" must be 0 (every token) or more, got " + k);
        return t == 0 ? SamplerOptions.argmax() : new SamplerOptions(false, t, k == 0 ? SamplerOptions.ALL : k, p);
    }
}
