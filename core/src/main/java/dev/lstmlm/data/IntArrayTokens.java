package dev.lstmlm.data;

/** Token ids in a slice of an {@code int[]}. */
final class IntArrayTokens extends SlicedTokens {
    private final int[] ids;

    IntArrayTokens(int[] ids, int offset, int size) {
        super(ids.length, offset, size);
        this.ids = ids;
    }

    @Override
    int id(int index) {
        return ids[index];
    }

    @Override
    TokenSequence sameStorage(int offset, int size) {
        return new IntArrayTokens(ids, offset, size);
    }
}
