package dev.lstmlm.score;

import dev.lstmlm.UserError;
import dev.lstmlm.data.CharAlphabet;
import dev.lstmlm.data.CodePointAlphabet;
import dev.lstmlm.data.Vocabulary;
import dev.lstmlm.data.WordRules;
import dev.lstmlm.model.CheckpointMetadata;
import java.util.List;

/**
 * Turns one line of text (without its line terminator) into the {@link LineTokens} a model scores,
 * tokenized exactly as the model was trained, with the start and end symbol generation uses:
 *
 * <ul>
 *   <li>word models: split as the training text was ({@link WordRules}, stored in the checkpoint;
 *       TensorFlow's PTB reader for checkpoints without them), read after
 *       {@code <eos>}, and {@code <eos>} is scored at the end (as KenLM scores {@code </s>}); a word
 *       the vocabulary lacks becomes {@code <unk>} and counts as an OOV;
 *   <li>code-point character models: one token per code point, with a line break as the start and
 *       end symbol; a character the training text lacked becomes the unknown id 0 and counts as
 *       an OOV;
 *   <li>the 27-symbol Udacity alphabet, which has no line break: the space plays its part (the
 *       line is read after a space and a space is scored at its end, as a word boundary of text8);
 *       upper case folds to lower case, and any other character that is not whitespace is read as
 *       a space and counts as an OOV.
 * </ul>
 */
final class TextEncoder {
    private final Vocabulary vocabulary;
    private final WordRules rules;
    private final CharAlphabet alphabet;
    /** The start and end symbol. */
    private final int boundary;

    private TextEncoder(Vocabulary vocabulary, WordRules rules, CharAlphabet alphabet, int boundary) {
        this.vocabulary = vocabulary;
        this.rules = rules;
        this.alphabet = alphabet;
        this.boundary = boundary;
    }

    static TextEncoder of(CheckpointMetadata metadata) {
        return switch (metadata.tokenizer()) {
            case WORD -> {
                Vocabulary v = Vocabulary.of(metadata.vocabulary());
                int eos = v.id(Vocabulary.EOS);
                if (eos < 0) {
                    throw new UserError("this model's vocabulary has no " + Vocabulary.EOS
                            + ", which scoring reads before each line and scores after it; use a model trained on line-separated text");
                }
                yield new TextEncoder(v, WordRules.fromMetadata(metadata.extra()), null, eos);
            }
            case CHAR_UDACITY -> new TextEncoder(null, null, CharAlphabet.letters(), 0);
            case CHAR_CODEPOINT -> {
                CharAlphabet a = CharAlphabet.restore(CharAlphabet.Kind.CODEPOINTS, metadata.vocabulary());
                int newline = a.id('\n');
                if (newline == CodePointAlphabet.UNKNOWN) {
                    throw new UserError("this model's alphabet has no line break, which scoring reads before each line and"
                            + " scores after it; use a model trained on text with line breaks");
                }
                yield new TextEncoder(null, null, a, newline);
            }
        };
    }

    /** The start and end symbol of every line. */
    int boundary() {
        return boundary;
    }

    /** The text of {@code id} (for the most likely alternatives). */
    String piece(int id) {
        return vocabulary != null ? vocabulary.word(id) : alphabet.symbol(id);
    }

    boolean words() {
        return vocabulary != null;
    }

    /** The tokens of {@code line}, which must hold no line break. */
    LineTokens encode(String line) {
        return vocabulary != null ? words(line) : characters(line);
    }

    private LineTokens words(String line) {
        List<String> words = rules.words(line);
        int n = words.size();
        int[] ids = new int[n + 1];
        String[] pieces = new String[n + 1];
        boolean[] unknown = new boolean[n + 1];
        int oov = 0;
        for (int i = 0; i < n; i++) {
            String w = words.get(i);
            int id = vocabulary.id(w);
            if (id < 0) {
                if (vocabulary.unkId() < 0) {
                    throw new UserError("the word \"" + w + "\" is not in the model's vocabulary, which has no " + Vocabulary.UNK
                            + " to stand for it; score only text of the words the model was trained on");
                }
                id = vocabulary.unkId();
                unknown[i] = true;
                oov++;
            }
            ids[i] = id;
            pieces[i] = w;
        }
        ids[n] = boundary;
        pieces[n] = Vocabulary.EOS;
        return new LineTokens(boundary, ids, pieces, oov, unknown);
    }

    private LineTokens characters(String line) {
        int[] cps = line.codePoints().toArray();
        int n = cps.length;
        int[] ids = new int[n + 1];
        String[] pieces = new String[n + 1];
        boolean[] unknown = new boolean[n + 1];
        int oov = 0;
        boolean letters = alphabet.kind() == CharAlphabet.Kind.LETTERS;
        for (int i = 0; i < n; i++) {
            int id = alphabet.id(cps[i]);
            boolean lost = letters ? id == 0 && !Character.isWhitespace(cps[i]) : id == CodePointAlphabet.UNKNOWN;
            if (lost) {
                unknown[i] = true;
                oov++;
            }
            ids[i] = id;
            pieces[i] = Character.toString(cps[i]);
        }
        ids[n] = boundary;
        pieces[n] = alphabet.symbol(boundary);
        return new LineTokens(boundary, ids, pieces, oov, unknown);
    }
}
