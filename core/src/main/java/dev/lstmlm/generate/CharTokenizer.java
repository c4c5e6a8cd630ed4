package dev.lstmlm.generate;

import dev.lstmlm.data.CharAlphabet;
import dev.lstmlm.data.CodePointAlphabet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The characters of a character-level checkpoint: one id per code point of the prime, one symbol
 * printed per generated id.
 *
 * <p>A character the alphabet lacks is read, never refused, the same way in {@code generate},
 * {@code eval}, {@code score} and {@code serve}: a code-point alphabet knows only the characters of
 * its training text and reads any other as its unknown symbol (id 0, U+FFFD), as a word model reads
 * an unknown word as {@code <unk>}; the 27-symbol Udacity alphabet folds upper case to lower case
 * and reads everything else as a space, as the notebook's {@code char2id} does. Either way the
 * characters read as something else are named in a one-line warning and counted as unknown.
 */
final class CharTokenizer implements Tokenizer {
    private final CharAlphabet alphabet;
    /** The id of '\n', or -1 when the alphabet lacks it (or reads it as something else). */
    private final int newline;

    CharTokenizer(CharAlphabet alphabet) {
        this.alphabet = alphabet;
        int id = alphabet.encode("\n")[0];
        this.newline = "\n".equals(alphabet.symbol(id)) ? id : -1;
    }

    @Override
    public int vocabSize() {
        return alphabet.size();
    }

    @Override
    public Encoded encode(String text) {
        int[] ids = alphabet.encode(text);
        Set<Integer> unreadable = new LinkedHashSet<>();
        int[] cps = text.codePoints().toArray();
        for (int i = 0; i < ids.length; i++) {
            if (lost(cps[i], ids[i])) unreadable.add(cps[i]);
        }
        if (unreadable.isEmpty()) return new Encoded(ids, text, null);
        String list = unreadable.stream().map(CharTokenizer::describe).collect(Collectors.joining(", "));
        if (alphabet.kind() == CharAlphabet.Kind.CODEPOINTS) {
            return new Encoded(ids, text, "the model's alphabet of " + (alphabet.size() - 1) + " characters (" + alphabet.size()
                    + " symbols with the unknown one) has no " + list + "; read as the unknown symbol");
        }
        return new Encoded(ids, text, "the 27-symbol alphabet (space, a-z) has no " + list + "; read as spaces");
    }

    @Override
    public java.util.List<String> split(String text) {
        return text.codePoints().mapToObj(Character::toString).toList();
    }

    @Override
    public boolean unknown(int codePoint, int id) {
        return lost(codePoint, id);
    }

    /** True when the model reads {@code codePoint} as something else than itself. */
    private boolean lost(int codePoint, int id) {
        if (alphabet.kind() == CharAlphabet.Kind.CODEPOINTS) return id == CodePointAlphabet.UNKNOWN;
        return id == 0 && !Character.isWhitespace(codePoint);
    }

    /** e.g. {@code 'é' (U+00E9)}. */
    private static String describe(int codePoint) {
        String shown = Character.isISOControl(codePoint) ? "" : "'" + Character.toString(codePoint) + "' ";
        return shown + String.format(Locale.ROOT, "(U+%04X)", codePoint);
    }

    @Override
    public String text(int id, int previous) {
        return alphabet.symbol(id);
    }

    @Override
    public boolean words() {
        return false;
    }

    /** A line break for a code-point alphabet that has one; -1 for the Udacity alphabet. */
    @Override
    public int startContext() {
        return alphabet.kind() == CharAlphabet.Kind.CODEPOINTS ? newline : -1;
    }

    @Override
    public int firstSymbol() {
        return alphabet.kind() == CharAlphabet.Kind.CODEPOINTS ? CodePointAlphabet.UNKNOWN + 1 : 0;
    }
}
