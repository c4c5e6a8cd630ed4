package dev.lstmlm.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusTest {
    @TempDir Path data;

    @Test
    void registryHasTheThreeCorporaAndTheirLayout() {
        assertThat(Corpus.all()).extracting(Corpus::name).containsExactly("ptb", "tinyshakespeare", "text8");
        assertThat(Corpus.PTB.files()).extracting(Corpus.CorpusFile::path)
                .containsExactly("ptb/ptb.train.txt", "ptb/ptb.valid.txt", "ptb/ptb.test.txt");
        assertThat(Corpus.TINY_SHAKESPEARE.files()).extracting(Corpus.CorpusFile::path)
                .containsExactly("tinyshakespeare/input.txt");
        assertThat(Corpus.PTB.downloadFileName()).isEqualTo("simple-examples.tgz");
        assertThat(Corpus.TEXT8.downloadFileName()).isEqualTo("text8.zip");
    }

    @Test
    void unknownNameListsTheValidOnes() {
        assertThatThrownBy(() -> Corpus.named("wiki")).isInstanceOf(UserError.class)
                .hasMessage("unknown corpus \"wiki\"; choose one of ptb, tinyshakespeare, text8");
    }

    @Test
    void requireNamesTheMissingFileAndTheFix() throws IOException {
        Files.createDirectories(data.resolve("ptb"));
        Files.writeString(data.resolve("ptb/ptb.train.txt"), "x\n");
        assertThatThrownBy(() -> Corpus.PTB.require(data)).isInstanceOf(UserError.class)
                .hasMessage("corpus ptb is not in " + data + " (ptb/ptb.valid.txt is missing); run `lstmlm download ptb`"
                        + " or set LSTMLM_DATA to a directory that has it");
    }

    @Test
    void presentFilesAreReturnedInOrder() throws IOException {
        Files.createDirectories(data.resolve("tinyshakespeare"));
        Files.writeString(data.resolve("tinyshakespeare/input.txt"), "x");
        assertThat(Corpus.TINY_SHAKESPEARE.require(data)).containsExactly(data.resolve("tinyshakespeare/input.txt"));
    }
}
