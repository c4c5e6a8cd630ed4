package dev.lstmlm.data;

import dev.lstmlm.UserError;
import java.util.List;

/**
 * The symbols of a character-level model and their ids. Two kinds:
 * <ul>
 *   <li>{@link LetterAlphabet} ({@link Kind#LETTERS}): the 27 symbols of the Udacity {@code 6_lstm}
 *       notebook, space = 0 and {@code a..z} = 1..26;</li>
 *   <li>{@link CodePointAlphabet} ({@link Kind#CODEPOINTS}): every code point of a training text,
 *       in the style of char-rnn, with id 0 reserved for code points the training text lacks.</li>
 * </ul>
 * A checkpoint stores {@link #kind()} and {@link #symbols()} and rebuilds the alphabet with
 * {@link #restore}.
 */
public sealed interface CharAlphabet permits LetterAlphabet, CodePointAlphabet {

    /** The kind of an alphabet, stored with it. */
    enum Kind { LETTERS, CODEPOINTS }

    Kind kind();

    int size();

    /** The id of a code point; never fails (code points outside the alphabet have a fallback id). */
    int id(int codePoint);

    /** The text an id stands for. */
    String symbol(int id);

    /** All symbols in id order; together with {@link #kind()} enough to {@link #restore} the alphabet. */
    List<String> symbols();

    /** The id of every code point of {@code text}. */
    default int[] encode(String text) {
        return text.codePoints().map(this::id).toArray();
    }

    /** The text of a sequence of ids. */
    default String decode(int... ids) {
        StringBuilder sb = new StringBuilder(ids.length);
        for (int id : ids) {
            sb.append(symbol(id));
        }
        return sb.toString();
    }

    /** The Udacity 27-symbol alphabet. */
    static CharAlphabet letters() {
        return LetterAlphabet.INSTANCE;
    }

    /** Rebuilds an alphabet from what {@link #kind()} and {@link #symbols()} returned. */
    static CharAlphabet restore(Kind kind, List<String> symbols) {
        return switch (kind) {
            case LETTERS -> {
                if (!symbols.equals(LetterAlphabet.INSTANCE.symbols())) {
                    throw new UserError("the stored letter alphabet is not the 27 symbols space, a..z;"
                            + " the checkpoint is corrupt");
                }
                yield LetterAlphabet.INSTANCE;
            }
            case CODEPOINTS -> CodePointAlphabet.restore(symbols);
        };
    }
}
