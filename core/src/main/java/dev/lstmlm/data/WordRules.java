package dev.lstmlm.data;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lstmlm.UserError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a word model turns text into words: the splitting rule, lower-casing, and where {@code <eos>}
 * goes. A checkpoint stores its rules (entry {@value #METADATA_KEY}), so that every command reads
 * text as training did; a checkpoint without the entry was trained with {@link #PTB}.
 *
 * <p><b>whitespace</b> splits on whitespace only, exactly as TensorFlow's PTB reader.py
 * ({@code str.split()}): {@code "Elizabeth,"} is one word.
 *
 * <p><b>text</b> is for raw prose. A word is a run of Unicode letters, digits and combining marks;
 * an apostrophe ({@code '} or {@code ’}) or a hyphen ({@code -} or {@code ‐}) between two such
 * characters stays inside the word. Every other character that is not whitespace is a word of its
 * own. Examples:
 * <pre>
 * "Elizabeth,"        →  "  Elizabeth  ,  "
 * don't well-known    →  don't  well-known
 * the 1990s... 'tis   →  the  1990s  .  .  .  '  tis
 * 3.5% (e.g.)         →  3  .  5  %  (  e  .  g  .  )
 * </pre>
 *
 * <p><b>lowercase</b> lower-cases every word ({@link Locale#ROOT}) after splitting.
 *
 * <p><b>eos</b>: {@code line} puts {@code <eos>} at every line end (PTB); {@code paragraph} only at
 * the end of a paragraph, that is before a blank line (one holding only whitespace) and at the end
 * of the text, so hard-wrapped prose reads as running text; {@code none} never.
 *
 * @param tokenize the splitting rule
 * @param lowercase whether words are lower-cased
 * @param eos where {@code <eos>} goes
 */
public record WordRules(Tokenize tokenize, boolean lowercase, Eos eos) {
    /** The checkpoint metadata entry holding the rules as JSON. */
    public static final String METADATA_KEY = "word_rules";
    /** TensorFlow's PTB reader.py: whitespace, case kept, {@code <eos>} at every line end. */
    public static final WordRules PTB = new WordRules(Tokenize.WHITESPACE, false, Eos.LINE);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The splitting rule. */
    public enum Tokenize {
        WHITESPACE, TEXT;

        /** The name on the command line and in files. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Where {@code <eos>} goes. */
    public enum Eos {
        LINE, PARAGRAPH, NONE;

        /** The name on the command line and in files. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public WordRules {
        if (tokenize == null || eos == null) throw new IllegalArgumentException("tokenize and eos must be given");
    }

    /** True for the rules of reader.py, which the fast reader {@link WordReader} implements. */
    public boolean isPtb() {
        return equals(PTB);
    }

    /**
     * The words of a short text (a prime, a prompt, one line to score), {@code <eos>} placed as
     * {@link #eos} says, except after the text's last paragraph (the model continues it); for
     * {@link #PTB} the same as {@link WordIds#words}.
     */
    public List<String> words(String text) {
        List<String> words = new ArrayList<>();
        WordSplitter splitter = new WordSplitter(this, (chars, length, hash, line) -> words.add(new String(chars, 0, length)));
        text.codePoints().forEach(splitter::accept);
        splitter.finish(false);
        return words;
    }

    /** The rules as the JSON object stored in checkpoints and printed in summaries. */
    public ObjectNode toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("tokenize", tokenize.id());
        n.put("lowercase", lowercase);
        n.put("eos", eos.id());
        n.put("unk", Vocabulary.UNK);
        return n;
    }

    /** The rules stored in a checkpoint's extra metadata; {@link #PTB} when it has none (older files). */
    public static WordRules fromMetadata(Map<String, String> extra) {
        String json = extra.get(METADATA_KEY);
        if (json == null) return PTB;
        try {
            JsonNode n = JSON.readTree(json);
            return new WordRules(choice(Tokenize.values(), n.path("tokenize").asText(), Tokenize::id),
                    n.path("lowercase").asBoolean(false), choice(Eos.values(), n.path("eos").asText(), Eos::id));
        } catch (JacksonException | UserError e) {
            throw new UserError("the checkpoint's " + METADATA_KEY + " entry (" + json
                    + ") is not readable; the file is damaged, so use another copy");
        }
    }

    /** The value of {@code values} whose id is {@code id}, or a {@link UserError} listing them. */
    static <E> E choice(E[] values, String id, java.util.function.Function<E, String> ids) {
        for (E v : values) {
            if (ids.apply(v).equals(id)) return v;
        }
        throw new UserError("unknown value \"" + id + "\"; use one of "
                + String.join(", ", Arrays.stream(values).map(ids).toList()));
    }

    @Override
    public String toString() {
        return "tokenize " + tokenize.id() + (lowercase ? ", lowercase" : "") + ", eos " + eos.id();
    }
}
