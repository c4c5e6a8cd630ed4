package dev.lstmlm.data;

import dev.lstmlm.UserError;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * The words of a stream of code points under a {@link WordRules}, fed to a {@link WordReader.Sink}
 * as they are found; optionally only the words of the lines {@code [fromLine, toLine)} (1-based), so
 * that one file can be cut into training, validation and test parts at line ends.
 *
 * <p>For {@link WordRules#PTB} this gives the same words as {@link WordReader}, which reads whole
 * files under those rules faster; {@link #read} picks it then.
 */
final class WordSplitter implements IntConsumer {
    private static final char[] EOS_CHARS = Vocabulary.EOS.toCharArray();

    private final WordRules rules;
    private final WordReader.Sink sink;
    private final Object source;
    private final long fromLine;
    private final long toLine;
    private char[] word = new char[64];
    private int length;
    /** An apostrophe or hyphen after a word character, kept until the next character says whether it is inside the word. */
    private int joiner = -1;
    private long line = 1;
    private boolean lineBlank = true;
    /** Whether words were fed since the last {@code <eos>} (paragraph mode). */
    private boolean paragraphOpen;
    private long words;

    WordSplitter(WordRules rules, WordReader.Sink sink) {
        this(rules, sink, "the text", 1, Long.MAX_VALUE);
    }

    WordSplitter(WordRules rules, WordReader.Sink sink, Object source, long fromLine, long toLine) {
        this.rules = rules;
        this.sink = sink;
        this.source = source;
        this.fromLine = fromLine;
        this.toLine = toLine;
    }

    /** Feeds the words of the lines {@code [fromLine, toLine)} of {@code file} to {@code sink}; returns how many. */
    static long read(Path file, WordRules rules, long fromLine, long toLine, WordReader.Sink sink) {
        if (rules.isPtb() && fromLine == 1 && toLine == Long.MAX_VALUE) return WordReader.read(file, sink);
        WordSplitter s = new WordSplitter(rules, sink, file, fromLine, toLine);
        CharCorpus.forEachCodePoint(file, s);
        s.finish(true);
        return s.words;
    }

    @Override
    public void accept(int cp) {
        if (WordReader.isSpace(cp)) {
            endWord();
            if (cp == '\n') endLine();
            return;
        }
        lineBlank = false;
        if (line < fromLine || line >= toLine) return;
        if (rules.tokenize() == WordRules.Tokenize.WHITESPACE) {
            append(cp);
            return;
        }
        boolean wordChar = isWordChar(cp);
        if (joiner >= 0) {
            int j = joiner;
            joiner = -1;
            if (wordChar) {
                append(j);
                append(cp);
                return;
            }
            emitWord();
            single(j);
        }
        if (wordChar) {
            append(cp);
        } else if (length > 0 && isJoiner(cp)) {
            joiner = cp;
        } else {
            emitWord();
            single(cp);
        }
    }

    /**
     * Ends the text: its last word and, when {@code closes} (a whole file, not a typed prime that the
     * model continues), in paragraph mode the last paragraph's {@code <eos>}.
     */
    void finish(boolean closes) {
        endWord();
        if (closes && line >= fromLine && line < toLine) closeParagraph();
    }

    /** Letters, digits and combining marks make up words. */
    static boolean isWordChar(int cp) {
        if (Character.isLetterOrDigit(cp)) return true;
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }

    /** Apostrophes and hyphens, kept between two word characters. */
    static boolean isJoiner(int cp) {
        return cp == '\'' || cp == '\u2019' || cp == '-' || cp == '\u2010';
    }

    private void endWord() {
        if (joiner >= 0) {
            int j = joiner;
            joiner = -1;
            emitWord();
            single(j);
        }
        emitWord();
    }

    private void endLine() {
        boolean inRange = line >= fromLine && line < toLine;
        if (inRange && rules.eos() == WordRules.Eos.LINE) emit(EOS_CHARS, EOS_CHARS.length);
        if (inRange && rules.eos() == WordRules.Eos.PARAGRAPH && lineBlank) closeParagraph();
        line++;
        lineBlank = true;
        if (inRange && line == toLine) closeParagraph();
    }

    private void closeParagraph() {
        if (rules.eos() == WordRules.Eos.PARAGRAPH && paragraphOpen) {
            emit(EOS_CHARS, EOS_CHARS.length);
            paragraphOpen = false;
        }
    }

    private void single(int cp) {
        append(cp);
        emitWord();
    }

    private void append(int cp) {
        if (length + 2 > word.length) {
            if (length + 2 > WordReader.MAX_WORD_CHARS) {
                throw new UserError(source + " line " + line + " has a word longer than " + WordReader.MAX_WORD_CHARS
                        + " characters, which is not a word-level text; use a character-level corpus for it");
            }
            word = Arrays.copyOf(word, Math.min(2 * word.length, WordReader.MAX_WORD_CHARS));
        }
        length += Character.toChars(cp, word, length);
    }

    private void emitWord() {
        if (length == 0) return;
        if (rules.lowercase()) {
            char[] lower = new String(word, 0, length).toLowerCase(Locale.ROOT).toCharArray();
            emit(lower, lower.length);
        } else {
            emit(word, length);
        }
        length = 0;
        paragraphOpen = true;
    }

    private void emit(char[] chars, int n) {
        sink.word(chars, n, WordTable.hash(chars, 0, n), line);
        words++;
    }
}
