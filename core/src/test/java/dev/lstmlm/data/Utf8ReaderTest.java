package dev.lstmlm.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.UserError;
import java.io.IOException;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Utf8ReaderTest {
    @TempDir Path dir;

    private static String readAll(Path file) {
        StringBuilder sb = new StringBuilder();
        CharBuffer chars = CharBuffer.allocate(1000);
        try (Utf8Reader r = Utf8Reader.open(file)) {
            while (r.read(chars)) sb.append(chars);
        }
        return sb.toString();
    }

    @Test
    void decodesMultiByteCharactersAcrossChunkBoundaries() throws IOException {
        // 65535 ASCII bytes put the 3-byte euro sign and the 4-byte emoji across the 64 KiB read boundary.
        String text = "a".repeat(65_535) + "€😀" + "b".repeat(70_000) + "é";
        Path f = Files.writeString(dir.resolve("t.txt"), text);
        assertThat(readAll(f)).isEqualTo(text);
    }

    @Test
    void invalidByteIsReportedWithFileAndOffset() throws IOException {
        Path f = Files.write(dir.resolve("bad.txt"), new byte[] {'a', 'b', 'c', (byte) 0xFF, 'd'});
        assertThatThrownBy(() -> readAll(f))
                .isInstanceOf(UserError.class)
                .hasMessage(f + " is not valid UTF-8: malformed byte sequence at byte offset 3 (byte 0xFF);"
                        + " convert the file to UTF-8, e.g. with iconv");
    }

    @Test
    void offsetCountsBytesOfEarlierChunks() throws IOException {
        byte[] bytes = new byte[200_000];
        Arrays.fill(bytes, (byte) 'x');
        bytes[150_001] = (byte) 0xC3; // a lead byte followed by an ASCII byte instead of a continuation
        Path f = Files.write(dir.resolve("bad.txt"), bytes);
        assertThatThrownBy(() -> readAll(f)).isInstanceOf(UserError.class).hasMessageContaining("byte offset 150001 (byte 0xC3)");
    }

    @Test
    void sequenceCutByTheEndOfFileIsInvalid() throws IOException {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        Path f = Files.write(dir.resolve("cut.txt"), new byte[] {'o', 'k', euro[0], euro[1]});
        assertThatThrownBy(() -> readAll(f)).isInstanceOf(UserError.class).hasMessageContaining("byte offset 2 ");
    }

    @Test
    void overlongAndSurrogateEncodingsAreInvalidAsInPython() throws IOException {
        Path overlong = Files.write(dir.resolve("o.txt"), new byte[] {'a', (byte) 0xC0, (byte) 0xAF});
        Path surrogate = Files.write(dir.resolve("s.txt"), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        assertThatThrownBy(() -> readAll(overlong)).isInstanceOf(UserError.class).hasMessageContaining("byte offset 1 ");
        assertThatThrownBy(() -> readAll(surrogate)).isInstanceOf(UserError.class).hasMessageContaining("byte offset 0 ");
    }

    @Test
    void missingFileIsAUserError() {
        Path f = dir.resolve("nope.txt");
        assertThatThrownBy(() -> Utf8Reader.open(f)).isInstanceOf(UserError.class)
                .hasMessage(f + " does not exist; check the path");
    }

    @Test
    void directoryIsAUserError() {
        assertThatThrownBy(() -> Utf8Reader.open(dir)).isInstanceOf(UserError.class)
                .hasMessage(dir + " is a directory, not a text file; pass the path of the text file itself");
    }

    @Test
    void emptyFileIsAUserError() throws IOException {
        Path f = Files.createFile(dir.resolve("empty.txt"));
        assertThatThrownBy(() -> Utf8Reader.open(f)).isInstanceOf(UserError.class)
                .hasMessage(f + " is empty; a corpus file needs some text");
    }
}
