package dev.lstmlm.data;

/**
 * A read-only sequence of token ids: the words of a corpus as vocabulary ids, or its characters as
 * alphabet ids. Implemented over a Java array ({@link #of}) and over a memory-mapped token cache
 * file, so that a corpus larger than the heap can be trained on; the batchers only need
 * {@link #get}.
 */
public interface TokenSequence {
    int size();

    /** The id at position {@code i}, {@code 0 <= i < size()}. */
    int get(int i);

    /** A view of positions {@code [from, to)}; nothing is copied. */
    TokenSequence slice(int from, int to);

    /** The ids copied into a new array (for tests and small sequences). */
    default int[] toArray() {
        int[] a = new int[size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = get(i);
        }
        return a;
    }

    /** A sequence over {@code ids}, which the caller must no longer change. */
    static TokenSequence of(int... ids) {
        return new IntArrayTokens(ids, 0, ids.length);
    }
}
