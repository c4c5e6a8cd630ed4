package dev.lstmlm.generate;

import dev.lstmlm.data.CharAlphabet;
import dev.lstmlm.data.Vocabulary;
import dev.lstmlm.data.WordRules;
import java.util.List;
import dev.lstmlm.model.CheckpointMetadata;

/**
 * Text to ids and back for generation, exactly as the checkpoint's model was trained: a prime text
 * becomes the ids the model is warmed on, and every generated id becomes the text printed for it.
 * Word models split as their training text was split ({@link WordRules}) and print {@code <eos>} as a line break (the PTB convention);
 * character models print one symbol per id.
 */
public sealed interface Tokenizer permits WordTokenizer, CharTokenizer {

    /**
     * A prime text as the model reads it.
     *
     * @param ids the tokens to feed, in order
     * @param echo the prime as printed before the sample
     * @param warning one line about what the model could not read exactly (for stderr), or null
     */
    record Encoded(int[] ids, String echo, String warning) {
        public Encoded {
            ids = ids.clone();
        }

        @Override
        public int[] ids() {
            return ids.clone();
        }
    }

    /** The tokenizer a checkpoint names, with its vocabulary or alphabet. */
    static Tokenizer of(CheckpointMetadata metadata) {
        return switch (metadata.tokenizer()) {
            case WORD -> new WordTokenizer(Vocabulary.of(metadata.vocabulary()), WordRules.fromMetadata(metadata.extra()));
            case CHAR_UDACITY -> new CharTokenizer(CharAlphabet.restore(CharAlphabet.Kind.LETTERS, metadata.vocabulary()));
            case CHAR_CODEPOINT -> new CharTokenizer(CharAlphabet.restore(CharAlphabet.Kind.CODEPOINTS, metadata.vocabulary()));
        };
    }

    int vocabSize();

    /**
     * The tokens of {@code text} as {@link #encode} reads them, as text: the words (lower-cased if the
     * model was trained so), or one string per code point.
     */
    List<String> split(String text);

    /** For character models: whether {@code codePoint}, encoded as {@code id}, was read as another symbol than itself. */
    boolean unknown(int codePoint, int id);

    /** The ids of a prime text; a {@link dev.lstmlm.UserError} when the model cannot read it at all. */
    Encoded encode(String text);

    /**
     * The text printed for {@code id} when it follows {@code previous} (-1 at the start of the
     * output): word models put a space between words and none after a line break.
     */
    String text(int id, int previous);

    /** Whether ids are words (printed with spaces between them) rather than characters. */
    boolean words();

    /**
     * The token fed, unprinted, before every sample, with or without a prime, so that the model
     * starts where a text starts in training rather than from a state it has never seen: word models
     * {@code <eos>} (a sentence has just ended), code-point character models a line break. A model
     * trained with its state carried across the whole corpus meets the zero state only once per
     * epoch; from it, a prime such as "ROMEO:" sent the Tiny Shakespeare model into a loop of rare
     * symbols, while after a line break it wrote verse. -1 when the vocabulary has no such token:
     * the Udacity alphabet (its samples start from a random letter, as in the notebook).
     */
    int startContext();

    /** The ids a random first symbol is drawn from: [{@code firstSymbol()}, {@code vocabSize()}). */
    int firstSymbol();
}
