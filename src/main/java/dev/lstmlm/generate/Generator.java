package dev.lstmlm.generate;

import dev.lstmlm.model.Checkpoint;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.tensor.Gemm;
import java.nio.file.Path;

/**
 * Text from a trained model, one token at a time: the LSTM state starts at zero, is warmed on the
 * prime's tokens, and each next token is drawn by a {@link Sampler} from the logits of the one
 * before and handed to a {@link Sink} at once, so that a caller can show it while the next is being
 * computed (char-rnn's sample.lua and the Udacity 6_lstm notebook's sampling loop).
 *
 * <p>Without a prime a word model starts after an {@code <eos>}, as at the start of a sentence, and
 * a character model from a symbol drawn uniformly by the sampler, which counts as the first
 * character of the sample (as in the notebook).
 *
 * <p>Not thread-safe: one generator per thread (the model holds per-call buffers).
 */
public final class Generator {

    /** Receives each generated token as soon as it is drawn. */
    @FunctionalInterface
    public interface Sink {
        /** @param text what is printed for the token (see {@link Tokenizer#text}) */
        void token(int id, String text);
    }

    private final LanguageModel model;
    private final Tokenizer tokenizer;
    private final LanguageModel.State state;
    /** (V) */
    private final float[] logits;

    public Generator(LanguageModel model, Tokenizer tokenizer) {
        if (model.config().vocabSize() != tokenizer.vocabSize()) {
            throw new IllegalArgumentException("the model has " + model.config().vocabSize() + " outputs but the tokenizer "
                    + tokenizer.vocabSize() + " tokens");
        }
        this.model = model;
        this.tokenizer = tokenizer;
        this.state = model.newState(1);
        this.logits = new float[model.config().vocabSize()];
    }

    /** The model and tokenizer of a checkpoint, multiplying with {@code gemm}. */
    public static Generator load(Path checkpoint, Gemm gemm) {
        Checkpoint.Loaded loaded = Checkpoint.load(checkpoint, gemm);
        return new Generator(loaded.model(), Tokenizer.of(loaded.metadata()));
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /**
     * One sample of {@code length} tokens after {@code prime} (which may be empty), from a zero
     * state. Each token goes to {@code sink} when drawn; the prime itself is not passed on.
     *
     * @return the text of the generated tokens (without the prime)
     */
    public String generate(int[] prime, int length, Sampler sampler, Sink sink) {
        if (length < 1) throw new IllegalArgumentException("length must be at least 1, got " + length);
        if (sampler.vocabSize() != logits.length) {
            throw new IllegalArgumentException("the sampler is for " + sampler.vocabSize() + " tokens, the model has " + logits.length);
        }
        for (int id : prime) {
            if (id < 0 || id >= logits.length) throw new IllegalArgumentException("prime token " + id + " is outside the vocabulary");
        }
        state.zero();
        StringBuilder out = new StringBuilder();
        int previous = -1;
        int produced = 0;
        if (prime.length > 0) {
            for (int id : prime) model.step(id, state, logits);
            previous = prime[prime.length - 1];
        } else if (tokenizer.silentStart() >= 0) {
            previous = tokenizer.silentStart();
            model.step(previous, state, logits);
        } else {
            previous = emit(sampler.uniform(tokenizer.firstSymbol(), logits.length), -1, sink, out);
            produced = 1;
            if (produced < length) model.step(previous, state, logits);
        }
        for (; produced < length; produced++) {
            int id = sampler.next(logits);
            previous = emit(id, previous, sink, out);
            if (produced + 1 < length) model.step(id, state, logits);
        }
        return out.toString();
    }

    private int emit(int id, int previous, Sink sink, StringBuilder out) {
        String text = tokenizer.text(id, previous);
        out.append(text);
        sink.token(id, text);
        return id;
    }
}
