package dev.lstmlm.data;

import java.nio.file.Path;

/**
 * A word text: a file, or the lines {@code [fromLine, toLine)} of one (1-based), the part of a
 * single-file corpus that {@link LineSplit} cut out.
 */
public record WordText(Path file, long fromLine, long toLine) {
    public WordText {
        if (fromLine < 1 || toLine <= fromLine) throw new IllegalArgumentException("lines [" + fromLine + ", " + toLine + ")");
    }

    /** The whole of {@code file}. */
    public static WordText whole(Path file) {
        return new WordText(file, 1, Long.MAX_VALUE);
    }

    public boolean isWhole() {
        return fromLine == 1 && toLine == Long.MAX_VALUE;
    }

    /** Feeds the words of this text under {@code rules} to {@code sink}; returns how many. */
    long read(WordRules rules, WordReader.Sink sink) {
        return WordSplitter.read(file, rules, fromLine, toLine, sink);
    }

    @Override
    public String toString() {
        return isWhole() ? file.toString() : file + " lines " + fromLine + "-" + (toLine - 1);
    }
}
