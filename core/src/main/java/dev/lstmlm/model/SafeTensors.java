package dev.lstmlm.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lstmlm.AtomicFiles;
import dev.lstmlm.UserError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reader and writer of the safetensors format (https://github.com/huggingface/safetensors), F32 only:
 * an 8-byte little-endian header length N, N bytes of UTF-8 JSON (padded with spaces to a multiple of
 * 8) mapping each tensor name to {@code {"dtype","shape","data_offsets"}} plus an optional
 * {@code "__metadata__"} string map, then the raw little-endian data.
 *
 * <p>Reading validates the whole header before any tensor memory is allocated, with the reference
 * implementation's rules: the header fits in the file and in 100 MB, is one JSON object without
 * duplicate keys, and the tensors tile the data section exactly (no overlap, gap or trailing byte).
 * Nothing in a file is ever executed. The header's rules are {@link SafeTensorsHeader}'s.
 */
public final class SafeTensors {
    /** The reference implementation's bound on the JSON header. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    static final String METADATA_KEY = "__metadata__";
    private static final int CHUNK_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafeTensors() {}

    /** A tensor to write: {@code size()} floats of {@code data} from {@code offset}, row-major. */
    public record Tensor(String name, int[] shape, float[] data, int offset) {
        public Tensor {
            shape = shape.clone();
            if (offset < 0 || (long) offset + elementCount(shape) > data.length) {
                throw new IllegalArgumentException("tensor " + name + " lies outside its array");
            }
        }

        public long size() {
            return elementCount(shape);
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }
    }

    /** A tensor described in a file's header; {@code begin} and {@code end} are relative to the data section. */
    public record Entry(String name, int[] shape, long begin, long end) {
        public Entry {
            shape = shape.clone();
        }

        public int size() {
            return (int) elementCount(shape);
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }
    }

    /** A validated header: the tensors in file order, the metadata, and where the data section starts. */
    public record Header(List<Entry> tensors, Map<String, String> metadata, long dataStart) {
        public Header {
            tensors = List.copyOf(tensors);
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }

        /** The entry named {@code name}, or null. */
        public Entry tensor(String name) {
            for (Entry e : tensors) {
                if (e.name().equals(name)) return e;
            }
            return null;
        }
    }

    /** Writes the tensors in the given order, metadata first in the header, atomically. */
    public static void write(Path file, List<Tensor> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA_KEY);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Tensor t : tensors) {
            if (header.has(t.name()) || t.name().equals(METADATA_KEY)) {
                throw new IllegalArgumentException("duplicate or reserved tensor name " + t.name());
            }
            ObjectNode node = header.putObject(t.name());
            node.put("dtype", "F32");
            ArrayNode shape = node.putArray("shape");
            for (int d : t.shape()) shape.add(d);
            long end = offset + t.size() * Float.BYTES;
            node.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) & ~7;
        byte[] headerBytes = Arrays.copyOf(json, padded);
        Arrays.fill(headerBytes, json.length, padded, (byte) ' ');

        AtomicFiles.write(file, out -> {
            ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            buf.putLong(padded);
            out.write(buf.array(), 0, Long.BYTES);
            out.write(headerBytes);
            for (Tensor t : tensors) {
                long n = t.size();
                for (long done = 0; done < n; ) {
                    int len = (int) Math.min(n - done, CHUNK_BYTES / Float.BYTES);
                    buf.clear();
                    buf.asFloatBuffer().put(t.data(), t.offset() + (int) done, len);
                    out.write(buf.array(), 0, len * Float.BYTES);
                    done += len;
                }
            }
        });
    }

    /** Reads and validates the header of {@code file}; throws {@link UserError} naming the defect. */
    public static Header readHeader(Path file) {
        try (FileChannel ch = open(file)) {
            long fileSize = ch.size();
            if (fileSize < Long.BYTES) {
                throw corrupt(file, "it is " + fileSize + " bytes long, too short to hold a header");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen <= 0 || headerLen > fileSize - Long.BYTES || headerLen > MAX_HEADER_BYTES) {
                throw corrupt(file, "its header length " + Long.toUnsignedString(headerLen)
                        + " does not fit in the " + fileSize + "-byte file");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
            readFully(ch, headerBuf, Long.BYTES);
            long dataStart = Long.BYTES + headerLen;
            return SafeTensorsHeader.parse(file, headerBuf.array(), dataStart, fileSize - dataStart);
        } catch (IOException e) {
            throw new UserError("cannot read " + file + " (" + e.getMessage() + "); check that the file is readable", e);
        }
    }

    /** Copies the floats of {@code entry} into {@code dst} from {@code dstOffset}. */
    public static void read(Path file, Header header, Entry entry, float[] dst, int dstOffset) {
        try (FileChannel ch = open(file)) {
            if (ch.size() != header.dataStart() + dataLength(header)) {
                throw corrupt(file, "it changed size while being read");
            }
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            long pos = header.dataStart() + entry.begin();
            int n = entry.size();
            for (int done = 0; done < n; ) {
                int len = Math.min(n - done, CHUNK_BYTES / Float.BYTES);
                buf.clear().limit(len * Float.BYTES);
                readFully(ch, buf, pos);
                buf.flip();
                buf.asFloatBuffer().get(dst, dstOffset + done, len);
                pos += (long) len * Float.BYTES;
                done += len;
            }
        } catch (IOException e) {
            throw new UserError("cannot read " + file + " (" + e.getMessage() + "); check that the file is readable", e);
        }
    }

    private static long dataLength(Header header) {
        long n = 0;
        for (Entry e : header.tensors()) n = Math.max(n, e.end());
        return n;
    }

    /** Product of the dimensions, saturating at Long.MAX_VALUE (so an absurd shape fails the size checks). */
    static long elementCount(int[] shape) {
        return SafeTensorsHeader.elementCount(shape);
    }

    private static FileChannel open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new UserError(file + " is a directory; give the path of a .safetensors file inside it");
        }
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new UserError("checkpoint file " + file + " does not exist; check the path (a training run writes RUN_DIR/model.safetensors)");
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) throw new IOException("unexpected end of file at byte " + pos);
            pos += n;
        }
    }

    private static UserError corrupt(Path file, String reason) {
        return SafeTensorsHeader.corrupt(file, reason);
    }
}
