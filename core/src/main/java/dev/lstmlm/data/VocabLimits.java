package dev.lstmlm.data;

import dev.lstmlm.UserError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Limits on a vocabulary built from word counts: at most {@code size} words, and only words seen at
 * least {@code minCount} times. The result is what reader.py's {@code _build_vocab} would build had
 * every other word of the training text been written as {@code <unk>}: the {@code size - 1} most
 * frequent words that pass {@code minCount} (ties broken by code-point order of the word, as
 * {@link Vocabulary#fromCounts}), plus {@code <unk>}, whose count is then its own plus that of every
 * word left out, ids by count.
 *
 * @param size the most words, {@code <unk>} included; 0 for no limit
 * @param minCount the fewest occurrences a word needs; 0 or 1 for no limit
 */
public record VocabLimits(int size, long minCount) {
    public static final VocabLimits NONE = new VocabLimits(0, 0);

    public VocabLimits {
        if (size < 0 || size == 1) {
            throw new UserError("--vocab-size must be at least 2 (a word and " + Vocabulary.UNK + "), or 0 for no limit, not " + size);
        }
        if (minCount < 0) throw new UserError("--min-count must be 0 or more, not " + minCount);
    }

    public boolean any() {
        return size > 0 || minCount > 1;
    }

    /**
     * The vocabulary of {@code counts} under these limits; with {@code needUnk} it has {@code <unk>}
     * even when no limit is given (for texts that will meet words the training text lacks).
     */
    public Vocabulary apply(Map<String, Long> counts, boolean needUnk) {
        if (!any() && (!needUnk || counts.containsKey(Vocabulary.UNK))) return Vocabulary.fromCounts(counts);
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.removeIf(e -> e.getKey().equals(Vocabulary.UNK));
        entries.sort(Map.Entry.<String, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey(Vocabulary.CODE_POINT_ORDER)));
        long unk = counts.getOrDefault(Vocabulary.UNK, 0L);
        Map<String, Long> kept = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : entries) {
            boolean room = size == 0 || kept.size() < size - 1;
            if (room && e.getValue() >= minCount) {
                kept.put(e.getKey(), e.getValue());
            } else {
                unk += e.getValue();
            }
        }
        kept.put(Vocabulary.UNK, unk);
        return Vocabulary.fromCounts(kept);
    }
}
