package dev.lstmlm.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.lstmlm.UserError;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One training option, described once: its name (the JSON key of config files; the command-line flag
 * is the key with dashes, {@code hidden_size} → {@code --hidden-size}), its type, the value a config
 * gets when neither its preset nor its file gives one, the check of a valid value, and the help
 * text. {@link TrainOptions} lists them all; the JSON codec of {@link TrainConfig}, the flags of
 * {@code lstmlm train} and the {@link Presets} are all driven by that list.
 *
 * @param key the JSON key, snake_case
 * @param kind how values are typed, read from JSON and written to it
 * @param fallback the value when no preset and no file gives one; null when a config must give it
 * @param label the flag's parameter label, e.g. "H"
 * @param help the flag's description
 * @param valid accepts the valid values (loop-dependent checks live in {@link TrainConfig})
 * @param rule what {@code valid} demands, e.g. "must be at least 1"
 * @param isFlag whether {@code lstmlm train} takes it as a flag (the preset is chosen by --preset instead)
 */
public record TrainOption<T>(String key, Kind<T> kind, T fallback, String label, String help, Predicate<? super T> valid,
                             String rule, boolean isFlag) {

    /** An option of {@code lstmlm train}, checked by {@code valid}. */
    public static <T> TrainOption<T> of(String key, Kind<T> kind, T fallback, String label, String help,
                                        Predicate<? super T> valid, String rule) {
        return new TrainOption<>(key, kind, fallback, label, help, valid, rule, true);
    }

    /** The command-line flag: the key with dashes. */
    public String flag() {
        return "--" + key.replace('_', '-');
    }

    /** The value of {@code node} (a JSON value given for this option in {@code source}), checked for its type only. */
    public T read(JsonNode node, String source) {
        return kind.read(node, key, source);
    }

    /** {@code value}, which must be of this option's type, as this option's type. */
    public T cast(Object value) {
        return kind.type().cast(value);
    }

    /** Null when {@code value} is valid, else the problem as "must be ... but is ...". */
    String problem(Object value) {
        return valid.test(cast(value)) ? null : rule + " but is " + kind.text().apply(cast(value));
    }

    /**
     * A type of option values: its Java class, its phrase in error messages, and its JSON form.
     *
     * @param type the Java class of values (also the type picocli converts the flag's argument to)
     * @param phrase e.g. "an integer", for "must be an integer but is ..."
     * @param accepts whether a JSON value has this type
     * @param fromJson the value of an accepted JSON value; may throw UserError (an unknown choice)
     * @param toJson the JSON form of a value
     * @param text the value in messages
     */
    public record Kind<T>(Class<T> type, String phrase, Predicate<JsonNode> accepts, Function<JsonNode, T> fromJson,
                          Function<T, JsonNode> toJson, Function<T, String> text) {
        public static final Kind<Integer> INT = new Kind<>(Integer.class, "an integer",
                n -> n.isIntegralNumber() && n.canConvertToInt(), JsonNode::intValue, IntNode::valueOf, String::valueOf);
        public static final Kind<Long> LONG = new Kind<>(Long.class, "an integer",
                n -> n.isIntegralNumber() && n.canConvertToLong(), JsonNode::longValue, LongNode::valueOf, String::valueOf);
        public static final Kind<Double> NUMBER = new Kind<>(Double.class, "a number", JsonNode::isNumber,
                JsonNode::doubleValue, DoubleNode::valueOf, String::valueOf);
        public static final Kind<String> TEXT = new Kind<>(String.class, "a string", JsonNode::isTextual, JsonNode::textValue,
                TextNode::valueOf, s -> s);
        /** true or false; as a flag, given alone it means true. */
        public static final Kind<Boolean> BOOLEAN = new Kind<>(Boolean.class, "true or false", JsonNode::isBoolean,
                JsonNode::booleanValue, com.fasterxml.jackson.databind.node.BooleanNode::valueOf, String::valueOf);

        /** One of {@code values}, written as its {@code id}; on the command line too. */
        public static <E> Kind<E> choice(Class<E> type, E[] values, Function<E, String> id) {
            List<E> all = List.of(values);
            return new Kind<>(type, "a string", JsonNode::isTextual, n -> {
                for (E v : all) {
                    if (id.apply(v).equals(n.textValue())) return v;
                }
                throw new UnknownChoice(n.textValue(), Arrays.stream(values).map(id).toList());
            }, v -> TextNode.valueOf(id.apply(v)), id);
        }

        T read(JsonNode v, String key, String source) {
            if (v == null || !accepts.test(v)) {
                throw new UserError("\"" + key + "\" in " + source + " must be " + phrase + " but is " + v);
            }
            try {
                return fromJson.apply(v);
            } catch (UnknownChoice e) {
                throw new UserError(key + " \"" + e.given + "\" in " + source + " is unknown; use one of " + String.join(", ", e.ids));
            }
        }
    }

    private static final class UnknownChoice extends RuntimeException {
        final String given;
        final List<String> ids;

        UnknownChoice(String given, List<String> ids) {
            super(null, null, false, false);
            this.given = given;
            this.ids = ids;
        }
    }
}
