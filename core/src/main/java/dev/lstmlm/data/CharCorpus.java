package dev.lstmlm.data;

import dev.lstmlm.UserError;
import java.nio.CharBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * A character-level corpus ready for training: one text file read as Unicode code points, cut into
 * a training and a validation part ({@link CharSplit}) and mapped to ids by a {@link CharAlphabet}.
 *
 * <p>The file is streamed twice (count the characters and, for a {@link CodePointAlphabet}, find
 * which ones the training part has; then store the ids), so only the ids are held in memory: one
 * byte per character when the alphabet has at most 256 symbols (text8: 100 MB), four otherwise.
 */
public final class CharCorpus {
    /** The most characters a corpus may have: the longest array the JVM allocates. */
    static final int MAX_CHARS = Integer.MAX_VALUE - 8;

    private final Path file;
    private final CharAlphabet alphabet;
    private final TokenSequence train;
    private final TokenSequence valid;
    private final TokenSequence test;

    private CharCorpus(Path file, CharAlphabet alphabet, TokenSequence train, TokenSequence valid, TokenSequence test) {
        this.file = file;
        this.alphabet = alphabet;
        this.train = train;
        this.valid = valid;
        this.test = test;
    }

    /**
     * The text file of {@code corpus}: a registered character corpus ({@code tinyshakespeare},
     * {@code text8}) inside {@code dataDir}, or the path of a text file.
     */
    public static Path locate(Path dataDir, String corpus) {
        if (Corpus.isName(corpus)) {
            Corpus c = Corpus.named(corpus);
            if (c.kind() != Corpus.Kind.CHARS) {
                throw new UserError(corpus + " is a word corpus split into several files; character-level commands"
                        + " need one of the character corpora (" + Corpus.TINY_SHAKESPEARE.name() + ", "
                        + Corpus.TEXT8.name() + ") or the path of a text file");
            }
            return c.require(dataDir).getFirst();
        }
        Path p = Path.of(corpus);
        if (!Files.exists(p) && !corpus.contains("/") && !corpus.contains(p.getFileSystem().getSeparator())) {
            throw new UserError("unknown corpus \"" + corpus + "\"; choose one of " + Corpus.names()
                    + ", or pass the path of a text file");
        }
        Utf8Reader.requireTextFile(p);
        return p;
    }

    /**
     * Reads {@code file} with a new alphabet of the given kind: the fixed Udacity letters, or the code
     * points of the training part.
     */
    public static CharCorpus load(Path file, CharAlphabet.Kind kind, CharSplit split) {
        return switch (kind) {
            case LETTERS -> load(file, CharAlphabet.letters(), split);
            case CODEPOINTS -> {
                Census census = census(file, true);
                CharSplit.Parts parts = split.parts(census.chars, file);
                yield encode(file, census.alphabet(parts), parts, census.chars);
            }
        };
    }

    /** Reads {@code file} with a given alphabet (e.g. the one stored in a checkpoint). */
    public static CharCorpus load(Path file, CharAlphabet alphabet, CharSplit split) {
        Census census = census(file, false);
        return encode(file, alphabet, split.parts(census.chars, file), census.chars);
    }

    public Path file() {
        return file;
    }

    public CharAlphabet alphabet() {
        return alphabet;
    }

    public TokenSequence train() {
        return train;
    }

    public TokenSequence valid() {
        return valid;
    }

    /** The test part, or null when the split has none. */
    public TokenSequence test() {
        return test;
    }

    /** The split {@code --split} asks for: {@code file} cut at line ends ({@link LineSplit}). */
    public static CharSplit lineSplit(Path file, String split) {
        return CharSplit.atLines(file, LineSplit.parse(split));
    }

    private static CharCorpus encode(Path file, CharAlphabet alphabet, CharSplit.Parts parts, int chars) {
        TokenSequence all;
        int[] n = {0};
        if (alphabet.size() <= 256) {
            byte[] ids = new byte[chars];
            forEachCodePoint(file, cp -> ids[next(n, chars, file)] = (byte) alphabet.id(cp));
            all = new ByteArrayTokens(ids, 0, chars);
        } else {
            int[] ids = new int[chars];
            forEachCodePoint(file, cp -> ids[next(n, chars, file)] = alphabet.id(cp));
            all = new IntArrayTokens(ids, 0, chars);
        }
        if (n[0] != chars) throw changedWhileReading(file);
        return new CharCorpus(file, alphabet, all.slice(parts.trainFrom(), parts.trainTo()),
                all.slice(parts.validFrom(), parts.validTo()), parts.hasTest() ? all.slice(parts.testFrom(), parts.testTo()) : null);
    }

    private static int next(int[] n, int chars, Path file) {
        if (n[0] == chars) throw changedWhileReading(file);
        return n[0]++;
    }

    private static UserError changedWhileReading(Path file) {
        return new UserError(file + " changed while it was being read; run the command again once it is complete");
    }

    /** The first pass: how many code points the file has and, if asked, where each first and last occurs. */
    private static Census census(Path file, boolean positions) {
        Census c = new Census(positions);
        forEachCodePoint(file, c);
        if (c.count > MAX_CHARS) {
            throw new UserError(file + " has " + c.count + " characters, more than the " + MAX_CHARS
                    + " a character corpus can hold; use a shorter text");
        }
        c.chars = (int) c.count;
        return c;
    }

    private static final class Census implements IntConsumer {
        private final boolean positions;
        /** For BMP code points: first and last position, -1 if absent. */
        private final long[] firstBmp;
        private final long[] lastBmp;
        /** For code points beyond the BMP: {first, last}. */
        private final Map<Integer, long[]> beyondBmp = new HashMap<>();
        long count;
        int chars;

        Census(boolean positions) {
            this.positions = positions;
            this.firstBmp = positions ? new long[0x10000] : null;
            this.lastBmp = positions ? new long[0x10000] : null;
            if (positions) Arrays.fill(firstBmp, -1);
        }

        @Override
        public void accept(int cp) {
            if (positions) {
                if (cp < 0x10000) {
                    if (firstBmp[cp] < 0) firstBmp[cp] = count;
                    lastBmp[cp] = count;
                } else {
                    long at = count;
                    beyondBmp.computeIfAbsent(cp, k -> new long[] {at, at})[1] = at;
                }
            }
            count++;
        }

        /**
         * The code points occurring in the training part. Both splits make that part a prefix or a
         * suffix of the text, for which "first occurrence before its end and last occurrence after its
         * start" is exact.
         */
        CodePointAlphabet alphabet(CharSplit.Parts parts) {
            int[] cps = new int[0x10000 + beyondBmp.size()];
            int n = 0;
            for (int cp = 0; cp < 0x10000; cp++) {
                if (firstBmp[cp] >= 0 && firstBmp[cp] < parts.trainTo() && lastBmp[cp] >= parts.trainFrom()) {
                    cps[n++] = cp;
                }
            }
            for (Map.Entry<Integer, long[]> e : beyondBmp.entrySet()) {
                if (e.getValue()[0] < parts.trainTo() && e.getValue()[1] >= parts.trainFrom()) cps[n++] = e.getKey();
            }
            return CodePointAlphabet.of(Arrays.copyOf(cps, n));
        }
    }

    /** Streams the code points of a UTF-8 file. */
    static void forEachCodePoint(Path file, IntConsumer sink) {
        CharBuffer chars = CharBuffer.allocate(1 << 16);
        char high = 0;
        try (Utf8Reader in = Utf8Reader.open(file)) {
            while (in.read(chars)) {
                char[] a = chars.array();
                for (int i = chars.position(), end = chars.limit(); i < end; i++) {
                    char c = a[i];
                    if (high != 0) {
                        sink.accept(Character.toCodePoint(high, c));
                        high = 0;
                    } else if (Character.isHighSurrogate(c)) {
                        high = c;
                    } else {
                        sink.accept(c);
                    }
                }
            }
        }
    }
}
