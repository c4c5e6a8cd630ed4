package dev.lstmlm.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.TestData;
import dev.lstmlm.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordCorpusTest {
    @TempDir Path data;
    @TempDir Path cache;

    /** A temporary data directory holding a copy of PTB. */
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
        WordCorpus cached = WordCorpus.load(copyPtb(), "ptb", cache);
        WordCorpus memory = WordCorpus.inMemory(WordFiles.resolve(data, "ptb"));

        assertThat(cached.cacheDir()).contains(cache.resolve("ptb-" + sha256Prefix(data.resolve("ptb/ptb.train.txt"))));
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
        WordCorpus c = WordCorpus.load(data, train.toString(), cache);
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
        WordCorpus c = WordCorpus.load(data, train.toString(), cache);

        assertThat(c.name()).isEqualTo("toy");
        assertThat(c.cacheDir()).contains(cache.resolve("toy-" + sha256Prefix(train)));
        assertThat(c.valid().orElseThrow().toArray())
                .containsExactly(c.vocabulary().id("b"), c.vocabulary().unkId(), c.vocabulary().id("<eos>"));
        assertThat(c.test()).isEmpty();
    }

    @Test
    void changedSourceRebuildsTheCache() throws IOException {
        Path train = Files.writeString(data.resolve("toy.train.txt"), "a b\n");
        WordCorpus first = WordCorpus.load(data, train.toString(), cache);
        assertThat(first.train().size()).isEqualTo(3);

        Files.writeString(train, "a b c d\n");
        WordCorpus second = WordCorpus.load(data, train.toString(), cache);

        assertThat(second.train().size()).isEqualTo(5);
        assertThat(second.vocabulary().size()).isEqualTo(5);
        assertThat(second.cacheDir()).isEqualTo(first.cacheDir());
    }

    @Test
    void unchangedSourceReusesTheCache() throws IOException {
        Path train = Files.writeString(data.resolve("toy.train.txt"), "a b\n");
        Path ids = WordCorpus.load(data, train.toString(), cache).cacheDir().orElseThrow().resolve("train.ids");
        var built = Files.getLastModifiedTime(ids);
        Files.setLastModifiedTime(ids, java.nio.file.attribute.FileTime.fromMillis(1_000));

        WordCorpus again = WordCorpus.load(data, train.toString(), cache);

        assertThat(Files.getLastModifiedTime(ids).toMillis()).isEqualTo(1_000);
        assertThat(built.toMillis()).isNotEqualTo(1_000);
        assertThat(again.train().toArray()).containsExactly(1, 2, 0);
    }

    @Test
    void damagedOrInterruptedCacheIsRebuilt() throws IOException {
        Path train = Files.writeString(data.resolve("toy.train.txt"), "a b a\n");
        Path dir = WordCorpus.load(data, train.toString(), cache).cacheDir().orElseThrow();

        Files.write(dir.resolve("train.ids"), new byte[4]);
        assertThat(WordCorpus.load(data, train.toString(), cache).train().toArray()).containsExactly(0, 2, 0, 1);

        Files.delete(dir.resolve(TokenCache.META));
        Files.writeString(dir.resolve("vocab.txt"), "junk\n");
        WordCorpus rebuilt = WordCorpus.load(data, train.toString(), cache);
        assertThat(rebuilt.vocabulary().words()).containsExactly("a", "<eos>", "b");
        assertThat(dir.resolve(TokenCache.META)).exists();
    }

    @Test
    void loadingWritesNothingIntoTheDataDirectory() throws IOException {
        Files.writeString(data.resolve("toy.train.txt"), "a b a\n");
        Files.writeString(data.resolve("toy.valid.txt"), "b\n");
        List<String> before = tree(data);

        WordCorpus c = WordCorpus.load(data, data.resolve("toy.train.txt").toString());

        assertThat(c.cacheDir().orElseThrow()).startsWith(DataDir.cacheRoot());
        assertThat(c.cacheDir().orElseThrow().startsWith(data)).isFalse();
        assertThat(tree(data)).isEqualTo(before);
    }

    @Test
    void sameCorpusNameInTwoDataDirectoriesKeepsTwoCaches() throws IOException {
        Path other = Files.createDirectory(data.resolve("other"));
        Path one = Files.writeString(data.resolve("toy.train.txt"), "a b\n");
        Path two = Files.writeString(other.resolve("toy.train.txt"), "c d e\n");

        WordCorpus first = WordCorpus.load(data, one.toString(), cache);
        WordCorpus second = WordCorpus.load(other, two.toString(), cache);

        assertThat(first.cacheDir()).isNotEqualTo(second.cacheDir());
        assertThat(first.cacheDir().orElseThrow().getFileName().toString()).startsWith("toy-");
        assertThat(second.cacheDir().orElseThrow().getFileName().toString()).startsWith("toy-");
        assertThat(WordCorpus.load(data, one.toString(), cache).train().size()).isEqualTo(3);
        assertThat(WordCorpus.load(other, two.toString(), cache).train().size()).isEqualTo(4);
    }

    @Test
    void relativeAndAbsolutePathsOfOneTextShareACache() throws IOException {
        Path train = Files.writeString(data.resolve("toy.train.txt"), "a b\n");
        Path indirect = data.resolve("sub/../toy.train.txt");
        Files.createDirectory(data.resolve("sub"));
        Path relative = Path.of("").toAbsolutePath().relativize(train);

        assertThat(WordCorpus.load(data, indirect.toString(), cache).cacheDir())
                .isEqualTo(WordCorpus.load(data, relative.toString(), cache).cacheDir())
                .contains(cache.resolve("toy-" + sha256Prefix(train)));
    }

    @Test
    void unwritableCacheRootFallsBackToMemory() throws IOException {
        Path train = Files.writeString(data.resolve("toy.train.txt"), "b a b\n");
        Path notADirectory = Files.writeString(cache.resolve("file"), "x");

        WordCorpus c = WordCorpus.load(data, train.toString(), notADirectory);

        assertThat(c.cacheDir()).isEmpty();
        assertThat(c.train().toArray()).containsExactly(0, 2, 0, 1);
        assertThat(notADirectory).hasContent("x");
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

    /** Every path under {@code dir}, relative, sorted, with size and modification time. */
    private static List<String> tree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(p -> {
                try {
                    return dir.relativize(p) + " " + Files.size(p) + " " + Files.getLastModifiedTime(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sorted().toList();
        }
    }

    /** The first 12 hex digits of the SHA-256 of the text's absolute path, as the cache names it. */
    private static String sha256Prefix(Path text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(text.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
