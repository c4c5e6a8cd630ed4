package dev.lstmlm.data;

import dev.lstmlm.UserError;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * A word corpus read under {@link WordRules} and {@link VocabLimits}, from a training text and
 * optional validation and test texts that may be whole files or line ranges of one file
 * ({@link LineSplit}). The vocabulary is built from the training text only; it has {@code <unk>}
 * whenever a limit is given or the training text lacks it, since other texts (validation, test, or
 * anything evaluated later) may hold words the training text does not. Held in memory.
 *
 * <p>{@link #load} gives exactly {@link WordCorpus#load} (reader.py, through the token cache) for
 * a registered corpus or whole files read with {@link WordRules#PTB} and no limits.
 */
public final class TextCorpus {
    private TextCorpus() {}

    /** The texts of a word corpus: training, and validation and test (either may be null). */
    public record Parts(String name, WordText train, WordText valid, WordText test) {}

    /**
     * The corpus of {@code parts}. With {@link WordRules#PTB}, no limits and whole files whose
     * training text has {@code <unk>} (PTB), it is read through the token cache under
     * {@code cacheRoot} exactly as before these options existed; otherwise into memory.
     */
    public static WordCorpus load(Parts parts, WordRules rules, VocabLimits limits, Path cacheRoot) {
        boolean plain = rules.isPtb() && !limits.any() && parts.train().isWhole()
                && (parts.valid() == null || parts.valid().isWhole()) && (parts.test() == null || parts.test().isWhole());
        if (plain && hasUnk(parts.train().file())) {
            WordFiles files = new WordFiles(parts.name(), parts.train().file(),
                    parts.valid() == null ? null : parts.valid().file(), parts.test() == null ? null : parts.test().file());
            return WordCorpus.cached(files, cacheRoot);
        }
        Map<String, Long> counts = count(parts.train(), rules);
        if (counts.isEmpty() || counts.keySet().stream().allMatch(Vocabulary.EOS::equals)) {
            throw new UserError("the training text " + parts.train() + " holds no words, only whitespace; train on a text with words");
        }
        Vocabulary vocab = limits.apply(counts, true);
        return new WordCorpus(parts.name(), vocab, ids(parts.train(), rules, vocab),
                parts.valid() == null ? null : ids(parts.valid(), rules, vocab),
                parts.test() == null ? null : ids(parts.test(), rules, vocab), null);
    }

    /** Whether the word {@code <unk>} occurs in {@code file} (read as reader.py reads it); stops at the first one. */
    static boolean hasUnk(Path file) {
        final class Found extends RuntimeException {
            Found() {
                super(null, null, false, false);
            }
        }
        char[] unk = Vocabulary.UNK.toCharArray();
        try {
            WordReader.read(file, (chars, length, hash, line) -> {
                if (Arrays.equals(chars, 0, length, unk, 0, unk.length)) throw new Found();
            });
            return false;
        } catch (Found f) {
            return true;
        }
    }

    /** How often each word occurs in {@code text}, in order of first occurrence. */
    public static Map<String, Long> count(WordText text, WordRules rules) {
        WordTable table = new WordTable();
        long[][] counts = {new long[1 << 10]};
        text.read(rules, (chars, length, hash, line) -> {
            int id = table.add(chars, 0, length, hash);
            if (id == counts[0].length) counts[0] = Arrays.copyOf(counts[0], 2 * id);
            counts[0][id]++;
        });
        Map<String, Long> result = LinkedHashMap.newLinkedHashMap(table.size());
        for (int id = 0; id < table.size(); id++) result.put(table.word(id), counts[0][id]);
        return result;
    }

    /** The ids of a text and how many of its words the vocabulary lacked. */
    public record Encoded(TokenSequence ids, long unknown) {}

    /** The ids of {@code text} under {@code rules}, unknown words as {@code <unk>}. */
    public static Encoded read(WordText text, WordRules rules, Vocabulary vocab) {
        int[][] ids = {new int[1 << 16]};
        int[] n = {0};
        long unknown = encode(text, rules, vocab, id -> {
            if (n[0] == ids[0].length) ids[0] = Arrays.copyOf(ids[0], (int) Math.min(Integer.MAX_VALUE - 8, 2L * n[0]));
            ids[0][n[0]++] = id;
        });
        return new Encoded(new IntArrayTokens(ids[0], 0, n[0]), unknown);
    }

    private static TokenSequence ids(WordText text, WordRules rules, Vocabulary vocab) {
        return read(text, rules, vocab).ids();
    }

    /**
     * Feeds the id of every word of {@code text} to {@code sink}; returns how many words the
     * vocabulary lacked (read as {@code <unk>}). Without {@code <unk>} such a word is a
     * {@link UserError} naming it, the file and the line.
     */
    public static long encode(WordText text, WordRules rules, Vocabulary vocab, IntConsumer sink) {
        int unk = vocab.unkId();
        long[] unknown = {0, 0};
        text.read(rules, (chars, length, hash, line) -> {
            int id = vocab.id(chars, length, hash);
            if (id < 0) {
                if (unk < 0) {
                    throw new UserError(text.file() + " line " + line + ": the word \"" + new String(chars, 0, length)
                            + "\" is not in the vocabulary, which has no " + Vocabulary.UNK + " to stand for it; use a model"
                            + " or vocabulary built with " + Vocabulary.UNK + " (lstmlm train adds it when it trains on raw text)");
                }
                id = unk;
                unknown[0]++;
            }
            if (++unknown[1] > Integer.MAX_VALUE - 8) {
                throw new UserError(text + " has more than " + (Integer.MAX_VALUE - 8)
                        + " words, more than one corpus split can hold; split the text into smaller files");
            }
            sink.accept(id);
        });
        return unknown[0];
    }

    /** How many of {@code ids} are {@code unkId}: the share of a text the model reads as {@code <unk>}. */
    public static long count(TokenSequence ids, int unkId) {
        if (unkId < 0) return 0;
        long n = 0;
        for (int i = 0, size = ids.size(); i < size; i++) {
            if (ids.get(i) == unkId) n++;
        }
        return n;
    }
}
