package dev.lstmlm.model;

import dev.lstmlm.UserError;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How text becomes the ids a model was trained on; stored in every checkpoint so that evaluation and
 * generation tokenize exactly as training did.
 */
public enum TokenizerKind {
    /** Whitespace-separated words, each line end an {@code <eos>} token (the PTB convention). */
    WORD("word"),
    /** The Udacity 6_lstm alphabet: space and a–z, id 0 for space; other characters become space. */
    CHAR_UDACITY("char-udacity"),
    /** One token per Unicode code point of the training text's alphabet. */
    CHAR_CODEPOINT("char-codepoint");

    private final String id;

    TokenizerKind(String id) {
        this.id = id;
    }

    /** The name stored in checkpoints, e.g. "word". */
    public String id() {
        return id;
    }

    /** True for character models, whose quality is also reported in bits per character. */
    public boolean isCharacterLevel() {
        return this != WORD;
    }

    public static TokenizerKind fromId(String id) {
        for (TokenizerKind k : values()) {
            if (k.id.equals(id)) return k;
        }
        throw new UserError("unknown tokenizer \"" + id + "\"; expected one of "
                + Arrays.stream(values()).map(TokenizerKind::id).collect(Collectors.joining(", ")));
    }
}
