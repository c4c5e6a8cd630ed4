package dev.lstmlm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.UserError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir Path dir;

    private Path writeSample() throws IOException {
        float[] data = {1f, -2.5f, 3f, Float.MIN_VALUE, 5f, 6f, 7f};
        Path file = dir.resolve("a.safetensors");
        SafeTensors.write(file, List.of(
                new SafeTensors.Tensor("w", new int[] {2, 3}, data, 0),
                new SafeTensors.Tensor("b", new int[] {1}, data, 6)), Map.of("k", "v é"));
        return file;
    }

    /** A file with the given raw header JSON followed by {@code dataBytes} zero bytes. */
    private Path rawFile(String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h);
        Path file = dir.resolve("raw.safetensors");
        Files.write(file, buf.array());
        return file;
    }

    @Test
    void writesTheDocumentedLayout() throws IOException {
        byte[] bytes = Files.readAllBytes(writeSample());
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong();
        assertThat(n % 8).isZero();
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertThat(header).startsWith("{\"__metadata__\":{\"k\":\"v é\"},\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[24,28]}}");
        assertThat(header.strip()).endsWith("}");
        assertThat(bytes.length).isEqualTo(8 + n + 28);
        buf.position((int) (8 + n));
        assertThat(buf.getFloat()).isEqualTo(1f);
        assertThat(buf.getFloat()).isEqualTo(-2.5f);
    }

    @Test
    void readsBackWhatWasWritten() throws IOException {
        Path file = writeSample();
        SafeTensors.Header h = SafeTensors.readHeader(file);
        assertThat(h.metadata()).containsExactly(Map.entry("k", "v é"));
        assertThat(h.tensors()).extracting(SafeTensors.Entry::name).containsExactly("w", "b");
        float[] w = new float[7];
        SafeTensors.read(file, h, h.tensor("w"), w, 1);
        assertThat(w).containsExactly(0f, 1f, -2.5f, 3f, Float.MIN_VALUE, 5f, 6f);
        SafeTensors.read(file, h, h.tensor("b"), w, 0);
        assertThat(w[0]).isEqualTo(7f);
    }

    @Test
    void readsTensorsLargerThanOneChunk() throws IOException {
        float[] data = new float[700_001];
        for (int i = 0; i < data.length; i++) data[i] = i * 0.5f - 7;
        Path file = dir.resolve("big.safetensors");
        SafeTensors.write(file, List.of(new SafeTensors.Tensor("x", new int[] {data.length}, data, 0)), Map.of());
        SafeTensors.Header h = SafeTensors.readHeader(file);
        float[] back = new float[data.length];
        SafeTensors.read(file, h, h.tensor("x"), back, 0);
        assertThat(back).isEqualTo(data);
    }

    @Test
    void rejectsAMissingFile() {
        assertThatThrownBy(() -> SafeTensors.readHeader(dir.resolve("nope.safetensors")))
                .isInstanceOf(UserError.class).hasMessageContaining("does not exist");
    }

    @Test
    void rejectsADirectory() {
        assertThatThrownBy(() -> SafeTensors.readHeader(dir)).isInstanceOf(UserError.class).hasMessageContaining("is a directory");
    }

    @Test
    void rejectsAnEmptyFile() throws IOException {
        Path file = Files.createFile(dir.resolve("empty.safetensors"));
        assertThatThrownBy(() -> SafeTensors.readHeader(file))
                .isInstanceOf(UserError.class).hasMessageContaining("0 bytes long, too short");
    }

    @Test
    void rejectsATruncatedFile() throws IOException {
        Path file = writeSample();
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));
        assertThatThrownBy(() -> SafeTensors.readHeader(file))
                .isInstanceOf(UserError.class).hasMessageContaining("tensor b ends at byte 28 but the data section has only 25 bytes");
    }

    @Test
    void rejectsAFileCutInsideItsHeader() throws IOException {
        Path file = writeSample();
        Files.write(file, Arrays.copyOf(Files.readAllBytes(file), 40));
        assertThatThrownBy(() -> SafeTensors.readHeader(file))
                .isInstanceOf(UserError.class).hasMessageContaining("does not fit in the 40-byte file");
    }

    @Test
    void rejectsAnAbsurdHeaderLengthBeforeAllocating() throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L).putLong(0);
        Path file = dir.resolve("huge.safetensors");
        Files.write(file, buf.array());
        assertThatThrownBy(() -> SafeTensors.readHeader(file))
                .isInstanceOf(UserError.class).hasMessageContaining("header length 18446744073709551615 does not fit");
    }

    @Test
    void rejectsGarbage() throws IOException {
        Path file = dir.resolve("garbage.safetensors");
        byte[] bytes = new byte[4096];
        new java.util.Random(1).nextBytes(bytes);
        Files.write(file, bytes);
        assertThatThrownBy(() -> SafeTensors.readHeader(file)).isInstanceOf(UserError.class).hasMessageContaining("not a valid safetensors file");
    }

    @Test
    void rejectsAHeaderThatIsNotJson() throws IOException {
        Path file = rawFile("{\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]", 4);
        assertThatThrownBy(() -> SafeTensors.readHeader(file)).isInstanceOf(UserError.class).hasMessageContaining("not valid JSON");
        Path notObject = rawFile("[1, 2]  ", 0);
        assertThatThrownBy(() -> SafeTensors.readHeader(notObject))
                .isInstanceOf(UserError.class).hasMessageContaining("does not start with a JSON object");
    }

    @Test
    void rejectsDuplicateTensorNames() throws IOException {
        Path file = rawFile("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8);
        assertThatThrownBy(() -> SafeTensors.readHeader(file)).isInstanceOf(UserError.class).hasMessageContaining("Duplicate field 'w'");
    }

    @Test
    void rejectsAnotherDtype() throws IOException {
        Path file = rawFile("{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4);
        assertThatThrownBy(() -> SafeTensors.readHeader(file))
                .isInstanceOf(UserError.class).hasMessageContaining("holds tensor w as F16 but only F32 is supported");
    }

    @Test
    void rejectsOffsetsOutsideTheFile() throws IOException {
        Path file = rawFile("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[1000000,1000008]}}", 8);
        assertThatThrownBy(() -> SafeTensors.readHeader(file))
                .isInstanceOf(UserError.class).hasMessageContaining("tensor w ends at byte 1000008 but the data section has only 8 bytes");
    }

    @Test
    void rejectsOverlappingTensors() throws IOException {
        Path file = rawFile("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12);
        assertThatThrownBy(() -> SafeTensors.readHeader(file))
                .isInstanceOf(UserError.class).hasMessageContaining("tensor b starts at byte 4 where byte 8 was expected");
    }

    @Test
    void rejectsBytesThatBelongToNoTensor() throws IOException {
        Path file = rawFile("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 12);
        assertThatThrownBy(() -> SafeTensors.readHeader(file))
                .isInstanceOf(UserError.class).hasMessageContaining("4 bytes that belong to no tensor");
    }

    @Test
    void rejectsAShapeThatDisagreesWithTheOffsets() throws IOException {
        Path file = rawFile("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8);
        assertThatThrownBy(() -> SafeTensors.readHeader(file))
                .isInstanceOf(UserError.class).hasMessageContaining("shape [3] (3 floats) but its data_offsets span 8 bytes");
        Path negative = rawFile("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8);
        assertThatThrownBy(() -> SafeTensors.readHeader(negative))
                .isInstanceOf(UserError.class).hasMessageContaining("not a non-negative int");
        Path huge = rawFile("{\"a\":{\"dtype\":\"F32\",\"shape\":[2000000000,2000000000],\"data_offsets\":[0,8]}}", 8);
        assertThatThrownBy(() -> SafeTensors.readHeader(huge))
                .isInstanceOf(UserError.class).hasMessageContaining("more than 2^31");
    }

    @Test
    void rejectsMetadataThatIsNotStrings() throws IOException {
        Path file = rawFile("{\"__metadata__\":{\"n\":3}}", 0);
        assertThatThrownBy(() -> SafeTensors.readHeader(file))
                .isInstanceOf(UserError.class).hasMessageContaining("metadata value \"n\" is not a string");
    }
}
