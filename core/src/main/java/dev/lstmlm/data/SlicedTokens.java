package dev.lstmlm.data;

import java.util.Objects;

/**
 * A token sequence that is a slice [offset, offset + size) of ids stored elsewhere: the bounds
 * checks and slicing of every stored form, which adds only how it reads an id.
 */
abstract sealed class SlicedTokens implements TokenSequence permits ByteArrayTokens, IntArrayTokens, MappedTokens {
    final int offset;
    private final int size;

    /** @param length the ids the storage holds */
    SlicedTokens(long length, int offset, int size) {
        Objects.checkFromIndexSize(offset, size, length);
        this.offset = offset;
        this.size = size;
    }

    /** The id at {@code index} of the storage (not of the slice). */
    abstract int id(int index);

    /** The slice [offset, offset + size) of the same storage. */
    abstract TokenSequence sameStorage(int offset, int size);

    @Override
    public final int size() {
        return size;
    }

    @Override
    public final int get(int i) {
        Objects.checkIndex(i, size);
        return id(offset + i);
    }

    @Override
    public final TokenSequence slice(int from, int to) {
        Objects.checkFromToIndex(from, to, size);
        return sameStorage(offset + from, to - from);
    }
}
