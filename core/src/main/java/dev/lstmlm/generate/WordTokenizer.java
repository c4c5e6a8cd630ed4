package dev.lstmlm.generate;

import dev.lstmlm.UserError;
import dev.lstmlm.data.Vocabulary;
import dev.lstmlm.data.WordRules;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The words of a word-level checkpoint: a prime is split as the training text was (the checkpoint's
 * {@link WordRules}; TensorFlow's PTB reader.py for checkpoints without them), words the vocabulary lacks become
 * {@code <unk>} with a warning; output words are separated by spaces and {@code <eos>} is a line
 * break.
 */
final class WordTokenizer implements Tokenizer {
    private final Vocabulary vocabulary;
    private final WordRules rules;
    private final int eos;

    WordTokenizer(Vocabulary vocabulary) {
        this(vocabulary, WordRules.PTB);
    }

    WordTokenizer(Vocabulary vocabulary, WordRules rules) {
        this.vocabulary = vocabulary;
        this.rules = rules;
        this.eos = vocabulary.id(Vocabulary.EOS);
    }

    /** Words are not code points. */
    @Override
    public boolean unknown(int codePoint, int id) {
        return false;
    }

    @Override
    public List<String> split(String text) {
        return rules.words(text);
    }

    @Override
    public int vocabSize() {
        return vocabulary.size();
    }

    @Override
    public Encoded encode(String text) {
        List<String> words = rules.words(text);
        int[] ids = new int[words.size()];
        Set<String> unknown = new LinkedHashSet<>();
        StringBuilder echo = new StringBuilder();
        boolean lineStart = true;
        for (int i = 0; i < ids.length; i++) {
            String w = words.get(i);
            int id = vocabulary.id(w);
            if (id < 0) {
                unknown.add(w);
                id = vocabulary.unkId();
            }
            ids[i] = id;
            if (w.equals(Vocabulary.EOS)) {
                echo.append('\n');
                lineStart = true;
            } else {
                echo.append(lineStart ? "" : " ").append(w);
                lineStart = false;
            }
        }
        if (unknown.isEmpty()) return new Encoded(ids, echo.toString(), null);
        String list = String.join(" ", unknown);
        if (vocabulary.unkId() < 0) {
            throw new UserError("the prime has words the model's vocabulary lacks (" + list + ") and the vocabulary has no "
                    + Vocabulary.UNK + " to stand for them; use only words the model was trained on");
        }
        return new Encoded(ids, echo.toString(), "not in the vocabulary, read as " + Vocabulary.UNK + ": " + list);
    }

    @Override
    public String text(int id, int previous) {
        if (id == eos) return "\n";
        String w = vocabulary.word(id);
        return previous < 0 || previous == eos ? w : " " + w;
    }

    @Override
    public boolean words() {
        return true;
    }

    /** {@code <eos>}, or -1 for a vocabulary without it. */
    @Override
    public int startContext() {
        return eos;
    }

    @Override
    public int firstSymbol() {
        return 0;
    }
}
