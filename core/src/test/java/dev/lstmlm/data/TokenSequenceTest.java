package dev.lstmlm.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSequenceTest {
    @TempDir Path dir;

    @Test
    void allImplementationsAgreeOnGetAndSlice() throws IOException {
        int[] ids = {7, 0, 255, 3, 9, 1};
        ByteBuffer le = ByteBuffer.allocate(ids.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        byte[] small = new byte[ids.length + 2];
        for (int i = 0; i < ids.length; i++) {
            le.putInt(ids[i]);
            small[i + 2] = (byte) ids[i];
        }
        Path f = Files.write(dir.resolve("t.ids"), le.array());
        TokenSequence[] all = {TokenSequence.of(ids), new ByteArrayTokens(small, 2, ids.length), MappedTokens.map(f)};
        for (TokenSequence s : all) {
            assertThat(s.size()).isEqualTo(6);
            assertThat(s.toArray()).containsExactly(ids);
            assertThat(s.slice(2, 5).toArray()).containsExactly(255, 3, 9);
            assertThat(s.slice(2, 5).slice(1, 2).toArray()).containsExactly(3);
            assertThatThrownBy(() -> s.get(6)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> s.slice(2, 5).get(3)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void mappedIdsAreLittleEndianAndLargeValuesSurvive() throws IOException {
        Path f = Files.write(dir.resolve("t.ids"), new byte[] {1, 2, 3, 4, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F});
        assertThat(MappedTokens.map(f).toArray()).containsExactly(0x04030201, Integer.MAX_VALUE);
    }

    @Test
    void fileLengthNotAMultipleOfFourIsRejected() throws IOException {
        Path f = Files.write(dir.resolve("t.ids"), new byte[5]);
        assertThatThrownBy(() -> MappedTokens.map(f)).isInstanceOf(IOException.class).hasMessageContaining("5 bytes");
    }
}
