package dev.lstmlm.data;

import dev.lstmlm.AtomicFiles;
import dev.lstmlm.UserError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The words of a word-level model and their ids, built as TensorFlow's PTB reader.py
 * ({@code _build_vocab}) builds them: from the training file only, every distinct word gets an id,
 * ids ordered by count descending with ties broken by the word in code-point order (Python sorts
 * by {@code (-count, word)}). On PTB this gives exactly 10,000 words: {@code the}=0,
 * {@code <unk>}=1, {@code <eos>}=2, {@code N}=3, ...
 *
 * <p>One difference from reader.py, in {@link WordIds}: words of the validation or test text that the
 * vocabulary lacks become {@code <unk>} (or stop with an error when there is no {@code <unk>}),
 * where reader.py silently drops them.
 *
 * <p>Immutable. {@link #write}/{@link #read} store it as UTF-8 text, one word per line in id order,
 * the same thing {@code lstmlm vocab} prints.
 */
public final class Vocabulary {
    /** The word that stands for out-of-vocabulary words, when the vocabulary has it. */
    public static final String UNK = "<unk>";
    /** The word every line end becomes. */
    public static final String EOS = WordReader.EOS;

    /** Python's string order: by code point, which differs from String.compareTo beyond the BMP. */
    static final Comparator<String> CODE_POINT_ORDER = Vocabulary::compareCodePoints;

    private final List<String> words;
    /** Word ids: the table numbers the words in the order of {@link #words}. */
    private final WordTable ids;
    private final int unkId;

    private Vocabulary(List<String> words, WordTable ids) {
        this.words = words;
        this.ids = ids;
        this.unkId = ids.find(UNK);
    }

    /** A vocabulary whose word {@code i} is {@code wordsInIdOrder.get(i)}. */
    public static Vocabulary of(List<String> wordsInIdOrder) {
        if (wordsInIdOrder.isEmpty()) {
            throw new UserError("the vocabulary is empty; build it from a text that has at least one word");
        }
        WordTable ids = new WordTable();
        for (int i = 0; i < wordsInIdOrder.size(); i++) {
            String w = wordsInIdOrder.get(i);
            if (w.isEmpty() || w.chars().anyMatch(WordReader::isSpace)) {
                throw new UserError("vocabulary entry " + i + " (\"" + w + "\") is empty or contains whitespace; "
                        + "a vocabulary holds single words");
            }
            int before = ids.add(w);
            if (before != i) {
                throw new UserError("the vocabulary lists \"" + w + "\" twice (ids " + before + " and " + i
                        + "); use a vocabulary with distinct words");
            }
        }
        return new Vocabulary(List.copyOf(wordsInIdOrder), ids);
    }

    /** The vocabulary of a training file, exactly as reader.py's {@code _build_vocab}. */
    public static Vocabulary build(Path trainFile) {
        Map<String, Long> counts = countWords(trainFile);
        if (counts.isEmpty()) {
            throw new UserError(trainFile + " contains no words; a training text needs at least one");
        }
        return fromCounts(counts);
    }

    /** How often each word occurs in {@code file} (line ends count as {@code <eos>}); streams the file. */
    public static Map<String, Long> countWords(Path file) {
        Counter counter = new Counter();
        WordReader.read(file, counter);
        Map<String, Long> result = LinkedHashMap.newLinkedHashMap(counter.table.size());
        for (int id = 0; id < counter.table.size(); id++) {
            result.put(counter.table.word(id), counter.counts[id]);
        }
        return result;
    }

    /** Counts words by their id in a {@link WordTable}. */
    private static final class Counter implements WordReader.Sink {
        final WordTable table = new WordTable();
        long[] counts = new long[1 << 10];

        @Override
        public void word(char[] chars, int length, int hash, long line) {
            int id = table.add(chars, 0, length, hash);
            if (id == counts.length) counts = Arrays.copyOf(counts, 2 * id);
            counts[id]++;
        }
    }

    /** Ids by count descending, ties by code-point order of the word. */
    public static Vocabulary fromCounts(Map<String, Long> counts) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey(CODE_POINT_ORDER)));
        return of(entries.stream().map(Map.Entry::getKey).toList());
    }

    /** Reads a vocabulary written by {@link #write}: one word per line, in id order. */
    public static Vocabulary read(Path file) {
        Utf8Reader.requireTextFile(file);
        List<String> words = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()))) {
            for (String line; (line = r.readLine()) != null; ) {
                words.add(line);
            }
        } catch (CharacterCodingException e) {
            throw new UserError(file + " is not valid UTF-8; a vocabulary file is UTF-8 text, one word per line", e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
        try {
            return of(words);
        } catch (UserError e) {
            throw new UserError(file + ": " + e.getMessage(), e);
        }
    }

    /** Writes one word per line in id order, atomically. */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            for (String word : words) {
                w.write(word);
                w.write('\n');
            }
            w.flush();
        });
    }

    public int size() {
        return words.size();
    }

    /** The id of {@code word}, or -1 if it is not in the vocabulary. */
    public int id(String word) {
        return ids.find(word);
    }

    /** The id of the word {@code chars[0, length)} whose String hash is {@code hash}, or -1. */
    int id(char[] chars, int length, int hash) {
        return ids.find(chars, 0, length, hash);
    }

    public String word(int id) {
        return words.get(id);
    }

    /** All words in id order (unmodifiable). */
    public List<String> words() {
        return words;
    }

    /** The id of {@code <unk>}, or -1 if the vocabulary has none. */
    public int unkId() {
        return unkId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && words.equals(v.words);
    }

    @Override
    public int hashCode() {
        return words.hashCode();
    }

    @Override
    public String toString() {
        return "Vocabulary[" + words.size() + " words]";
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
