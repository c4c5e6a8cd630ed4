package dev.lstmlm.data;

import dev.lstmlm.UserError;
import java.nio.CharBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Splits a text file into words the way TensorFlow's PTB reader.py ({@code _read_words}) does:
 * every line end becomes the word {@code <eos>} and the rest is split on whitespace, where
 * whitespace is exactly what Python's {@code str.split()} splits on.
 *
 * <p>One difference, on purpose: reader.py replaces {@code "\n"} by {@code "<eos>"} without spaces,
 * so a line end not surrounded by whitespace glues {@code <eos>} to the neighbouring words
 * ({@code "a\nb"} becomes the single word {@code "a<eos>b"}); here a line end is always a word of
 * its own. On PTB, whose lines start and end with a space, both give the same words. A CR before
 * the LF is whitespace, so CRLF files read like LF files.
 *
 * <p>Reading streams the file; a word longer than {@link #MAX_WORD_CHARS} characters stops with a
 * {@link UserError}, because such a file is not a word-level text and the word would otherwise have
 * to be held in memory whole.
 */
final class WordReader {
    static final String EOS = "<eos>";
    static final int MAX_WORD_CHARS = 1 << 20;

    /**
     * Receives the words of a file in order: {@code chars[0, length)}, its {@code String.hashCode}
     * and its 1-based line. The array is reused for the next word, so a sink must not keep it.
     */
    @FunctionalInterface
    interface Sink {
        void word(char[] chars, int length, int hash, long line);
    }

    private static final char[] EOS_CHARS = EOS.toCharArray();
    private static final int EOS_HASH = EOS.hashCode();

    private WordReader() {}

    /** Feeds every word of {@code file} to {@code sink}; returns the number of words fed. */
    static long read(Path file, Sink sink) {
        long words = 0;
        long line = 1;
        char[] word = new char[64];
        int length = 0;
        int hash = 0;
        CharBuffer chars = CharBuffer.allocate(1 << 16);
        try (Utf8Reader in = Utf8Reader.open(file)) {
            while (in.read(chars)) {
                char[] a = chars.array();
                for (int i = chars.position(), end = chars.limit(); i < end; i++) {
                    char c = a[i];
                    if (isSpace(c)) {
                        if (length > 0) {
                            sink.word(word, length, hash, line);
                            words++;
                            length = 0;
                            hash = 0;
                        }
                        if (c == '\n') {
                            sink.word(EOS_CHARS, EOS_CHARS.length, EOS_HASH, line);
                            words++;
                            line++;
                        }
                    } else {
                        if (length == word.length) {
                            if (length == MAX_WORD_CHARS) {
                                throw new UserError(file + " line " + line + " has a word longer than " + MAX_WORD_CHARS
                                        + " characters, which is not a word-level text; use a character-level corpus"
                                        + " for it");
                            }
                            word = Arrays.copyOf(word, Math.min(2 * length, MAX_WORD_CHARS));
                        }
                        word[length++] = c;
                        hash = 31 * hash + c;
                    }
                }
            }
        }
        if (length > 0) {
            sink.word(word, length, hash, line);
            words++;
        }
        return words;
    }

    /**
     * True for exactly the characters Python's {@code str.isspace()} accepts (all in the BMP), which
     * is what {@code str.split()} without arguments splits on. Java's {@code Character.isWhitespace}
     * differs: it leaves out U+0085, U+00A0, U+2007 and U+202F.
     */
    static boolean isSpace(int c) {
        if (c > ' ' && c < 0x7F) return false; // printable ASCII: the common case, decided in one branch
        return switch (c) {
            case '\t', '\n', 0x0B, '\f', '\r', 0x1C, 0x1D, 0x1E, 0x1F, ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029,
                    0x202F, 0x205F, 0x3000 -> true;
            default -> c >= 0x2000 && c <= 0x200A;
        };
    }
}
