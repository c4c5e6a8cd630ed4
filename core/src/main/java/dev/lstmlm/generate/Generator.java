package dev.lstmlm.generate;

import dev.lstmlm.UserError;
import dev.lstmlm.data.Vocabulary;
import dev.lstmlm.model.Checkpoint;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.tensor.Compute;
import java.nio.file.Path;

/**
 * Text from a trained model, one token at a time: the LSTM state starts at zero, is warmed on the
 * prime's tokens, and each next token is drawn by a {@link Sampler} from the logits of the one
 * before and handed to a {@link Sink} at once, so that a caller can show it while the next is being
 * computed (char-rnn's sample.lua and the Udacity 6_lstm notebook's sampling loop).
 *
 * <p>Every sample, primed or not, starts after the tokenizer's {@link Tokenizer#startContext()} fed
 * unprinted ({@code <eos>} for word models, a line break for code-point character models), the
 * way texts start in training. Without a prime and without such a token (the Udacity alphabet) the
 * sample starts from a symbol drawn uniformly by the sampler, which counts as its first character
 * (as in the notebook).
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

    /** The model and tokenizer of a checkpoint, computing with {@code compute}. */
    public static Generator load(Path checkpoint, Compute compute) {
        Checkpoint.Loaded loaded = Checkpoint.load(checkpoint, compute);
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
        int start = tokenizer.startContext();
        if (prime.length == 0 && start < 0 && tokenizer.words()) {
            throw new UserError("this model's vocabulary has no " + Vocabulary.EOS + " to start a sample from; give a --prime");
        }
        state.zero();
        StringBuilder out = new StringBuilder();
        int previous = -1;
        int produced = 0;
        if (start >= 0) {
            model.step(start, state, logits);
            previous = start;
        }
        if (prime.length > 0) {
            for (int id : prime) model.step(id, state, logits);
            previous = prime[prime.length - 1];
        } else if (start < 0) {
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
