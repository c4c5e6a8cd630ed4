package dev.lstmlm.data;

import dev.lstmlm.UserError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Turns a text file into vocabulary ids, like TensorFlow's PTB reader.py
 * ({@code _file_to_word_ids}), streaming the file.
 *
 * <p>Differs from reader.py on words the vocabulary lacks: reader.py silently drops them, which
 * quietly shortens the text a model is evaluated on. Here they become {@code <unk>} when the
 * vocabulary has it, and otherwise stop with a {@link UserError} naming the word, file and line.
 * On PTB every word of the validation and test files is in the training vocabulary, so both agree.
 */
public final class WordIds {
    private WordIds() {}

    /** The ids of every word of {@code file}, held in memory. */
    public static TokenSequence read(Path file, Vocabulary vocab) {
        Growing ids = new Growing();
        encode(file, vocab, ids);
        return new IntArrayTokens(ids.ids, 0, ids.size);
    }

    /**
     * Feeds the id of every word of {@code file} to {@code sink}, in order; returns how many.
     * Fails when the file has more than {@code Integer.MAX_VALUE - 8} words, the most a
     * {@link TokenSequence} can index.
     */
    public static long encode(Path file, Vocabulary vocab, IntConsumer sink) {
        int unk = vocab.unkId();
        long[] count = {0};
        WordReader.read(file, (chars, length, hash, line) -> {
            int id = vocab.id(chars, length, hash);
            if (id < 0) {
                if (unk < 0) {
                    String word = new String(chars, 0, length);
                    throw new UserError(file + " line " + line + ": the word \"" + word + "\" is not in the vocabulary,"
                            + " which has no " + Vocabulary.UNK + " to stand for it; use a vocabulary built from a"
                            + " text that covers this one");
                }
                id = unk;
            }
            if (++count[0] > Integer.MAX_VALUE - 8) {
                throw new UserError(file + " has more than " + (Integer.MAX_VALUE - 8)
                        + " words, more than one corpus split can hold; split the text into smaller files");
            }
            sink.accept(id);
        });
        return count[0];
    }

    /**
     * The words of a short text split as {@link #read} splits a file: on whitespace (Python's
     * {@code str.split()}), each line end the word {@code <eos>}. For prime texts typed by a user.
     */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (WordReader.isSpace(c)) {
                if (start >= 0) words.add(text.substring(start, i));
                start = -1;
                if (c == '\n') words.add(Vocabulary.EOS);
            } else if (start < 0) {
                start = i;
            }
        }
        if (start >= 0) words.add(text.substring(start));
        return words;
    }

    /** An int[] that doubles when full. */
    private static final class Growing implements IntConsumer {
        int[] ids = new int[1 << 16];
        int size;

        @Override
        public void accept(int id) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, (int) Math.min(Integer.MAX_VALUE - 8, 2L * size));
            }
            ids[size++] = id;
        }
    }
}
