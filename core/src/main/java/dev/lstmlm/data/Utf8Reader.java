package dev.lstmlm.data;

import dev.lstmlm.UserError;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streams a UTF-8 text file in fixed-size chunks of chars, so that files of any size (and lines of
 * any length) are read in constant memory.
 *
 * <p>Decoding is strict, like Python's {@code bytes.decode("utf-8")} that TensorFlow's reader.py
 * relies on: the first malformed byte sequence stops reading with a {@link UserError} that names the
 * file and the byte offset of that sequence. A byte-order mark is kept as the character U+FEFF, as
 * Python's "utf-8" codec does.
 */
final class Utf8Reader implements Closeable {
    private static final int BYTES = 1 << 16;

    private final Path file;
    private final FileChannel channel;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(BYTES).flip();
    /** File offset of {@code bytes.get(0)}. */
    private long bytesBefore;
    private boolean endOfFile;

    private Utf8Reader(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens a non-empty regular file, or fails with a sentence saying what is wrong with the path. */
    static Utf8Reader open(Path file) {
        requireTextFile(file);
        try {
            return new Utf8Reader(file, FileChannel.open(file, StandardOpenOption.READ));
        } catch (IOException e) {
            throw new UserError("cannot read " + file + " (" + e.getMessage() + "); check its permissions", e);
        }
    }

    /** Fails unless {@code file} is an existing, readable, non-empty regular file. */
    static void requireTextFile(Path file) {
        if (Files.isDirectory(file)) {
            throw new UserError(file + " is a directory, not a text file; pass the path of the text file itself");
        }
        if (!Files.exists(file)) {
            throw new UserError(file + " does not exist; check the path");
        }
        if (!Files.isReadable(file)) {
            throw new UserError("cannot read " + file + "; check its permissions");
        }
        try {
            if (Files.size(file) == 0) {
                throw new UserError(file + " is empty; a corpus file needs some text");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Clears {@code chars} and fills it with the next decoded characters, leaving it ready to read
     * (flipped); returns false, with {@code chars} empty, at the end of the file.
     */
    boolean read(CharBuffer chars) {
        chars.clear();
        try {
            while (true) {
                CoderResult r = decoder.decode(bytes, chars, endOfFile);
                if (r.isError()) {
                    throw malformed(bytesBefore + bytes.position());
                }
                if (r.isOverflow() || endOfFile) break;
                bytesBefore += bytes.position();
                bytes.compact();
                if (channel.read(bytes) < 0) endOfFile = true;
                bytes.flip();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
        chars.flip();
        return chars.hasRemaining();
    }

    private UserError malformed(long offset) {
        String value = bytes.hasRemaining() ? String.format(" (byte 0x%02X)", bytes.get(bytes.position()) & 0xFF) : "";
        return new UserError(file + " is not valid UTF-8: malformed byte sequence at byte offset " + offset + value
                + "; convert the file to UTF-8, e.g. with iconv");
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
