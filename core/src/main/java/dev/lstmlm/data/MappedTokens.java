package dev.lstmlm.data;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Token ids read straight from a file of little-endian int32 values through a memory mapping: the
 * operating system pages the ids in and out, so the corpus needs no heap. A memory segment has no
 * 2 GiB limit, unlike a {@code MappedByteBuffer}; the mapping is released when the sequence becomes
 * unreachable.
 */
final class MappedTokens extends SlicedTokens {
    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** The whole file's ids; a slice reads a part of them. */
    private final MemorySegment ids;

    private MappedTokens(MemorySegment ids, int offset, int size) {
        super(ids.byteSize() / Integer.BYTES, offset, size);
        this.ids = ids;
    }

    /** Maps all of {@code file}, whose length must be a multiple of 4. */
    static MappedTokens map(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long bytes = ch.size();
            if (bytes % Integer.BYTES != 0) {
                throw new IOException(file + " has " + bytes + " bytes, not a whole number of int32 ids");
            }
            MemorySegment ids = ch.map(FileChannel.MapMode.READ_ONLY, 0, bytes, Arena.ofAuto());
            return new MappedTokens(ids, 0, Math.toIntExact(bytes / Integer.BYTES));
        }
    }

    @Override
    int id(int index) {
        return ids.getAtIndex(LE_INT, index);
    }

    @Override
    TokenSequence sameStorage(int offset, int size) {
        return new MappedTokens(ids, offset, size);
    }
}
