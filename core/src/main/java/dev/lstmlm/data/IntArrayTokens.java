package dev.lstmlm.data;

import java.util.Objects;

/** Token ids in a slice of an {@code int[]}. */
final class IntArrayTokens implements TokenSequence {
    private final int[] ids;
    private final int offset;
    private final int size;

    IntArrayTokens(int[] ids, int offset, int size) {
        Objects.checkFromIndexSize(offset, size, ids.length);
        this.ids = ids;
        this.offset = offset;
        this.size = size;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int get(int i) {
        Objects.checkIndex(i, size);
        return ids[offset + i];
    }

    @Override
    public TokenSequence slice(int from, int to) {
        Objects.checkFromToIndex(from, to, size);
        return new IntArrayTokens(ids, offset + from, to - from);
    }
}
