package dev.lstmlm.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.TestData;
import dev.lstmlm.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordCorpusTest {
    @TempDir Path data;

    /** A temporary data directory holding a copy of PTB, so that the cache is written there. */
    private Path copyPtb() throws IOException {
        Files.createDirectories(data.resolve("ptb"));
        for (String split : new String[] {"train", "valid", "test"}) {
            String name = "ptb/ptb." + split + ".txt";
            Files.copy(TestData.require(name), data.resolve(name));
        }
        return data;
    }

    @Test
    void ptbLoadsThroughTheCacheWithTheInMemoryIds() throws IOException {
        WordCorpus cached = WordCorpus.load(copyPtb(), "ptb");
        WordCorpus memory = WordCorpus.inMemory(WordFiles.resolve(data, "ptb"));

        assertThat(cached.cacheDir()).contains(data.resolve("cache/ptb"));
        assertThat(memory.cacheDir()).isEmpty();
        assertThat(cached.name()).isEqualTo("ptb");
        assertThat(cached.vocabulary()).isEqualTo(memory.vocabulary());
        assertThat(cached.vocabulary().size()).isEqualTo(10_000);
        assertThat(cached.train().size()).isEqualTo(929_589);
        assertThat(cached.valid().orElseThrow().size()).isEqualTo(73_760);
        assertThat(cached.test().orElseThrow().size()).isEqualTo(82_430);
        assertThat(cached.train().toArray()).isEqualTo(memory.train().toArray());
        assertThat(cached.valid().orElseThrow().toArray()).isEqualTo(memory.valid().orElseThrow().toArray());
        assertThat(cached.test().orElseThrow().toArray()).isEqualTo(memory.test().orElseThrow().toArray());
    }

    @Test
    void cacheFilesAreLittleEndianInt32() throws IOException {
        Path train = Files.writeString(data.resolve("toy.train.txt"), "b a b\n");
        WordCorpus c = WordCorpus.load(data, train.toString());
        Path ids = c.cacheDir().orElseThrow().resolve("train.ids");
        // vocab: b=0 (2), <eos>=1 (1), a=2 (1); ids b a b <eos> = 0 2 0 1
        assertThat(ids).hasBinaryContent(new byte[] {0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0});
        assertThat(c.cacheDir().orElseThrow().resolve("vocab.txt")).hasContent("b\n<eos>\na");
        assertThat(c.train().toArray()).containsExactly(0, 2, 0, 1);
    }

    @Test
    void pathCorpusTakesItsValidAndTestSiblings() throws IOException {
        Path train = Files.writeString(data.resolve("toy.train.txt"), "a b <unk>\n");
        Files.writeString(data.resolve("toy.valid.txt"), "b zzz\n");
        WordCorpus c = WordCorpus.load(data, train.toString());

        assertThat(c.name()).isEqualTo("toy");
        assertThat(c.cacheDir().orElseThrow().getFileName().toString()).startsWith("toy-");
        assertThat(c.valid().orElseThrow().toArray())
                .containsExactly(c.vocabulary().id("b"), c.vocabulary().unkId(), c.vocabulary().id("<eos>"));
        assertThat(c.test()).isEmpty();
    }

    @Test
    void changedSourceRebuildsTheCache() throws IOException {
        Path train = Files.writeString(data.resolve("toy.train.txt"), "a b\n");
        WordCorpus first = WordCorpus.load(data, train.toString());
        assertThat(first.train().size()).isEqualTo(3);

        Files.writeString(train, "a b c d\n");
        WordCorpus second = WordCorpus.load(data, train.toString());

        assertThat(second.train().size()).isEqualTo(5);
        assertThat(second.vocabulary().size()).isEqualTo(5);
        assertThat(second.cacheDir()).isEqualTo(first.cacheDir());
    }

    @Test
    void unchangedSourceReusesTheCache() throws IOException {
        Path train = Files.writeString(data.resolve("toy.train.txt"), "a b\n");
        Path ids = WordCorpus.load(data, train.toString()).cacheDir().orElseThrow().resolve("train.ids");
        var built = Files.getLastModifiedTime(ids);
        Files.setLastModifiedTime(ids, java.nio.file.attribute.FileTime.fromMillis(1_000));

        WordCorpus again = WordCorpus.load(data, train.toString());

        assertThat(Files.getLastModifiedTime(ids).toMillis()).isEqualTo(1_000);
        assertThat(built.toMillis()).isNotEqualTo(1_000);
        assertThat(again.train().toArray()).containsExactly(1, 2, 0);
    }

    @Test
    void damagedOrInterruptedCacheIsRebuilt() throws IOException {
        Path train = Files.writeString(data.resolve("toy.train.txt"), "a b a\n");
        Path cache = WordCorpus.load(data, train.toString()).cacheDir().orElseThrow();

        Files.write(cache.resolve("train.ids"), new byte[4]);
        assertThat(WordCorpus.load(data, train.toString()).train().toArray()).containsExactly(0, 2, 0, 1);

        Files.delete(cache.resolve(TokenCache.META));
        Files.writeString(cache.resolve("vocab.txt"), "junk\n");
        WordCorpus rebuilt = WordCorpus.load(data, train.toString());
        assertThat(rebuilt.vocabulary().words()).containsExactly("a", "<eos>", "b");
        assertThat(cache.resolve(TokenCache.META)).exists();
    }

    @Test
    void unknownCorpusNameListsTheValidOnes() {
        assertThatThrownBy(() -> WordCorpus.load(data, "wikitext"))
                .isInstanceOf(UserError.class)
                .hasMessage("unknown corpus \"wikitext\"; choose one of ptb, tinyshakespeare, text8, or pass the path of a"
                        + " text file");
    }

    @Test
    void missingPtbSaysHowToGetIt() {
        assertThatThrownBy(() -> WordCorpus.load(data, "ptb"))
                .isInstanceOf(UserError.class)
                .hasMessage("corpus ptb is not in " + data + " (ptb/ptb.train.txt is missing); run `lstmlm download ptb`"
                        + " or set LSTMLM_DATA to a directory that has it");
    }

    @Test
    void characterCorpusIsRefused() {
        assertThatThrownBy(() -> WordCorpus.load(data, "text8"))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("text8 is a character corpus");
    }

    @Test
    void missingEmptyAndDirectoryPathsAreUserErrors() throws IOException {
        Path empty = Files.createFile(data.resolve("empty.txt"));
        assertThatThrownBy(() -> WordCorpus.load(data, data.resolve("nope.txt").toString()))
                .isInstanceOf(UserError.class).hasMessageEndingWith("nope.txt does not exist; check the path");
        assertThatThrownBy(() -> WordCorpus.load(data, empty.toString()))
                .isInstanceOf(UserError.class).hasMessageEndingWith("empty.txt is empty; a corpus file needs some text");
        assertThatThrownBy(() -> WordCorpus.load(data, data.toString()))
                .isInstanceOf(UserError.class).hasMessageContaining("is a directory");
    }
}
