package dev.lstmlm.score;

import dev.lstmlm.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of a UTF-8 stream, one at a time, in memory bounded by the longest line: a line ends
 * at LF and is returned without it (a CR before it stays: see {@link #next}). Decoding is strict: a
 * line that is not valid UTF-8 stops reading with a {@link UserError} naming the line and the byte
 * offset, after every line before it has been returned. A line longer than {@link #MAX_LINE_BYTES}
 * is an error too, so that a file without line breaks cannot fill the memory.
 */
final class LineSource implements AutoCloseable {
    static final int MAX_LINE_BYTES = 1 << 22;

    private final InputStream in;
    private final String name;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private byte[] line = new byte[256];
    private CharBuffer chars = CharBuffer.allocate(256);
    private long lineNumber;
    /** Byte offset in the stream of the current line's first byte. */
    private long lineOffset;
    private long consumed;
    private boolean terminated = true;
    private boolean eof;

    /** @param name how messages name the stream (a path, or "standard input") */
    LineSource(InputStream in, String name) {
        this.in = in;
        this.name = name;
    }

    /**
     * The next line without its LF (a CR before the LF is kept, for {@code --carry}, which reads
     * the text as {@code eval} does), or null at the end. A last line without LF counts; an empty
     * stream has no lines.
     */
    String next() {
        int length = 0;
        boolean sawAny = false;
        lineOffset = consumed;
        while (true) {
            if (position == limit && !fill()) {
                if (!sawAny) return null;
                terminated = false;
                break;
            }
            sawAny = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') position++;
            int n = position - start;
            if (length + n > MAX_LINE_BYTES) {
                throw new UserError(name + " line " + (lineNumber + 1) + " is longer than " + MAX_LINE_BYTES
                        + " bytes; put one text per line (or split the text into lines)");
            }
            if (length + n > line.length) line = Arrays.copyOf(line, Math.max(length + n, 2 * line.length));
            System.arraycopy(buffer, start, line, length, n);
            length += n;
            consumed += n;
            if (position < limit) {
                position++;
                consumed++;
                terminated = true;
                break;
            }
        }
        lineNumber++;
        return decode(length);
    }

    /** Whether the last line returned ended with a LF. */
    boolean terminated() {
        return terminated;
    }

    /** 1-based number of the last line returned. */
    long lineNumber() {
        return lineNumber;
    }

    private String decode(int length) {
        // UTF-8 never decodes to more UTF-16 chars than it has bytes.
        if (chars.capacity() < length) chars = CharBuffer.allocate(Math.max(length, 2 * chars.capacity()));
        chars.clear();
        ByteBuffer bytes = ByteBuffer.wrap(line, 0, length);
        decoder.reset();
        CoderResult r = decoder.decode(bytes, chars, true);
        if (!r.isError()) r = decoder.flush(chars);
        if (r.isError()) {
            throw new UserError(name + " line " + lineNumber + " is not valid UTF-8 (byte offset " + (lineOffset + bytes.position())
                    + "); convert the text to UTF-8 first (e.g. with iconv)");
        }
        return chars.flip().toString();
    }

    private boolean fill() {
        if (eof) return false;
        try {
            int n = in.read(buffer, 0, buffer.length);
            if (n < 0) {
                eof = true;
                return false;
            }
            position = 0;
            limit = n;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + name, e);
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
