package dev.lstmlm.data;

/**
 * Token ids below 256 in a slice of a {@code byte[]}: a character corpus with a small alphabet
 * (text8 has 100M characters) takes a quarter of the memory of an {@code int[]}.
 */
final class ByteArrayTokens extends SlicedTokens {
    private final byte[] ids;

    ByteArrayTokens(byte[] ids, int offset, int size) {
        super(ids.length, offset, size);
        this.ids = ids;
    }

    @Override
    int id(int index) {
        return ids[index] & 0xFF;
    }

    @Override
    TokenSequence sameStorage(int offset, int size) {
        return new ByteArrayTokens(ids, offset, size);
    }
}
