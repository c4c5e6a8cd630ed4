package dev.lstmlm.data;

import dev.lstmlm.UserError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An alphabet of Unicode code points taken from a training text, as char-rnn builds its vocabulary
 * (every distinct character, ids in sorted order), but over code points instead of bytes.
 *
 * <p>Id 0 is reserved for code points the training text does not contain (its symbol is U+FFFD,
 * the replacement character); the text's own code points get ids 1..n in ascending code-point
 * order. So Tiny Shakespeare, with 65 distinct characters, has 66 ids.
 */
public final class CodePointAlphabet implements CharAlphabet {
    /** The id of every code point outside the alphabet. */
    public static final int UNKNOWN = 0;
    static final String UNKNOWN_SYMBOL = "\uFFFD";

    /** Sorted, distinct; codePoints[k] has id k + 1. */
    private final int[] codePoints;
    /** id by code point for code points below dense.length, so that the common case is one load. */
    private final int[] dense;

    private CodePointAlphabet(int[] codePoints) {
        this.codePoints = codePoints;
        int max = codePoints.length == 0 ? 0 : codePoints[codePoints.length - 1];
        this.dense = new int[Math.min(max, 0xFFFF) + 1];
        for (int k = 0; k < codePoints.length && codePoints[k] < dense.length; k++) {
            dense[codePoints[k]] = k + 1;
        }
    }

    /** The alphabet of the given code points (any order, duplicates allowed). */
    public static CodePointAlphabet of(int... codePoints) {
        int[] sorted = Arrays.stream(codePoints).sorted().distinct().toArray();
        for (int cp : sorted) {
            if (!Character.isValidCodePoint(cp)) throw new IllegalArgumentException("not a code point: " + cp);
        }
        return new CodePointAlphabet(sorted);
    }

    /** Rebuilds from {@link #symbols()}: the unknown symbol, then one code point per symbol, ascending. */
    static CodePointAlphabet restore(List<String> symbols) {
        if (symbols.isEmpty() || !symbols.getFirst().equals(UNKNOWN_SYMBOL)) {
            throw new UserError("the stored character alphabet does not start with the unknown symbol U+FFFD;"
                    + " the checkpoint is corrupt");
        }
        int[] cps = new int[symbols.size() - 1];
        for (int k = 0; k < cps.length; k++) {
            String s = symbols.get(k + 1);
            if (s.isEmpty() || s.codePointCount(0, s.length()) != 1 || (k > 0 && s.codePointAt(0) <= cps[k - 1])) {
                throw new UserError("stored alphabet symbol " + (k + 1) + " is not a single code point in ascending"
                        + " order; the checkpoint is corrupt");
            }
            cps[k] = s.codePointAt(0);
        }
        return new CodePointAlphabet(cps);
    }

    @Override
    public Kind kind() {
        return Kind.CODEPOINTS;
    }

    @Override
    public int size() {
        return codePoints.length + 1;
    }

    @Override
    public int id(int codePoint) {
        if (codePoint >= 0 && codePoint < dense.length) return dense[codePoint];
        int k = Arrays.binarySearch(codePoints, codePoint);
        return k < 0 ? UNKNOWN : k + 1;
    }

    @Override
    public String symbol(int id) {
        Objects.checkIndex(id, size());
        return id == UNKNOWN ? UNKNOWN_SYMBOL : Character.toString(codePoints[id - 1]);
    }

    @Override
    public List<String> symbols() {
        List<String> s = new ArrayList<>(size());
        for (int id = 0; id < size(); id++) {
            s.add(symbol(id));
        }
        return List.copyOf(s);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CodePointAlphabet a && Arrays.equals(codePoints, a.codePoints);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(codePoints);
    }

    @Override
    public String toString() {
        return "CodePointAlphabet[" + size() + "]";
    }
}
