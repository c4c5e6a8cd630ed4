package dev.lstmlm.data;

import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The alphabet of the Udacity Deep Learning notebook {@code 6_lstm.ipynb}: 27 symbols, space = 0
 * and {@code a..z} = 1..26, as its {@code char2id}/{@code id2char}.
 *
 * <p>Like {@code char2id}, every other character maps to 0 (the space). One addition: ASCII upper
 * case letters fold to lower case instead of becoming spaces. text8 has only {@code a..z} and
 * spaces, so on the notebook's corpus both give the same ids.
 */
public final class LetterAlphabet implements CharAlphabet {
    static final LetterAlphabet INSTANCE = new LetterAlphabet();
    private static final List<String> SYMBOLS = IntStream.range(0, 27)
            .mapToObj(i -> i == 0 ? " " : String.valueOf((char) ('a' + i - 1))).toList();

    private LetterAlphabet() {}

    @Override
    public Kind kind() {
        return Kind.LETTERS;
    }

    @Override
    public int size() {
        return 27;
    }

    @Override
    public int id(int codePoint) {
        if (codePoint >= 'a' && codePoint <= 'z') return codePoint - 'a' + 1;
        if (codePoint >= 'A' && codePoint <= 'Z') return codePoint - 'A' + 1;
        return 0;
    }

    @Override
    public String symbol(int id) {
        return SYMBOLS.get(Objects.checkIndex(id, 27));
    }

    @Override
    public List<String> symbols() {
        return SYMBOLS;
    }

    @Override
    public String toString() {
        return "LetterAlphabet[27]";
    }
}
