package dev.lstmlm.score;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * Writes scores one line per text, in natural log or (with {@code log10}, as KenLM) base 10:
 *
 * <ul>
 *   <li>TSV: {@code logprob<TAB>tokens<TAB>oov<TAB>ppl<TAB>text}; the text is the last column and
 *       is written as read, so split on the first four tabs only;
 *   <li>JSON: one object per line, {@code {"text","tokens","oov","logprob","ppl"}}, with per-token
 *       scores also {@code "pieces"} and {@code "token_logprobs"}, and with alternatives
 *       {@code "top_logprobs"}: per position an object from token to log-probability, best first
 *       (the shape of OpenAI's completions {@code logprobs}).
 * </ul>
 */
public final class ScoreWriter implements StreamScorer.Sink {
    private static final JsonFactory JSON = new JsonFactory();

    private final Writer out;
    private final boolean json;
    private final double scale;
    private final JsonGenerator gen;

    public ScoreWriter(Writer out, boolean json, boolean log10) {
        this.out = out;
        this.json = json;
        this.scale = log10 ? 1 / Math.log(10) : 1;
        try {
            this.gen = json ? JSON.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void line(LineScore s) {
        try {
            if (json) {
                json(s);
            } else {
                out.write(String.format(Locale.ROOT, "%.4f\t%d\t%d\t%.3f\t", s.logprob() * scale, s.tokens(), s.oov(), s.perplexity()));
                out.write(s.text());
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void json(LineScore s) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("text", s.text());
        gen.writeNumberField("tokens", s.tokens());
        gen.writeNumberField("oov", s.oov());
        gen.writeNumberField("logprob", s.logprob() * scale);
        gen.writeNumberField("ppl", s.perplexity());
        if (!s.pieces().isEmpty()) {
            gen.writeArrayFieldStart("pieces");
            for (String p : s.pieces()) gen.writeString(p);
            gen.writeEndArray();
            gen.writeArrayFieldStart("token_logprobs");
            for (double lp : s.tokenLogprobs()) gen.writeNumber(lp * scale);
            gen.writeEndArray();
        }
        if (!s.alternatives().isEmpty()) {
            gen.writeArrayFieldStart("top_logprobs");
            for (List<LineScore.Alternative> at : s.alternatives()) {
                gen.writeStartObject();
                for (LineScore.Alternative a : at) gen.writeNumberField(a.token(), a.logprob() * scale);
                gen.writeEndObject();
            }
            gen.writeEndArray();
        }
        gen.writeEndObject();
        gen.writeRaw('\n');
    }

    /** Writes out what is buffered. */
    public void flush() {
        try {
            if (gen != null) gen.flush();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
