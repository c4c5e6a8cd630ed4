package dev.lstmlm.data;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Token ids read straight from a file of little-endian int32 values through a memory mapping: the
 * operating system pages the ids in and out, so the corpus needs no heap. A memory segment has no
 * 2 GiB limit, unlike a {@code MappedByteBuffer}; the mapping is released when the sequence becomes
 * unreachable.
 */
final class MappedTokens implements TokenSequence {
    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment ids;
    private final int size;

    private MappedTokens(MemorySegment ids) {
        this.ids = ids;
        this.size = Math.toIntExact(ids.byteSize() / Integer.BYTES);
    }

    /** Maps all of {@code file}, whose length must be a multiple of 4. */
    static MappedTokens map(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long bytes = ch.size();
            if (bytes % Integer.BYTES != 0) {
                throw new IOException(file + " has " + bytes + " bytes, not a whole number of int32 ids");
            }
            return new MappedTokens(ch.map(FileChannel.MapMode.READ_ONLY, 0, bytes, Arena.ofAuto()));
        }
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int get(int i) {
        Objects.checkIndex(i, size);
        return ids.getAtIndex(LE_INT, i);
    }

    @Override
    public TokenSequence slice(int from, int to) {
        Objects.checkFromToIndex(from, to, size);
        return new MappedTokens(ids.asSlice((long) from * Integer.BYTES, (long) (to - from) * Integer.BYTES));
    }
}
