package dev.lstmlm.train;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lstmlm.UserError;
import dev.lstmlm.data.TokenSequence;
import dev.lstmlm.model.Checkpoint;
import dev.lstmlm.model.CheckpointMetadata;
import dev.lstmlm.model.ModelConfig;
import dev.lstmlm.model.TokenizerKind;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Fine-tuning ({@code lstmlm train --init-from MODEL.safetensors}): a new run that starts from a
 * checkpoint's weights and vocabulary instead of a random initialization. The model's shape (sizes,
 * layers, input, tied weights, forget bias, tokenizer) is the checkpoint's; a shape flag that says
 * otherwise is an error. Everything else (optimizer, rate, epochs, dropout, corpus) is the preset's,
 * the config file's or the flags', and without either a preset or a config file the checkpoint's own
 * training config is the base. The texts are mapped to the checkpoint's vocabulary: a word it lacks
 * becomes {@code <unk>} (a character: the unknown symbol U+FFFD), counted; a vocabulary without one
 * cannot take unknown words.
 */
final class FineTune {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<TrainOption<?>> SHAPE = List.of(TrainOptions.TOKENIZER, TrainOptions.INPUT, TrainOptions.HIDDEN_SIZE,
            TrainOptions.LAYERS, TrainOptions.EMBEDDING_SIZE, TrainOptions.TIE_WEIGHTS, TrainOptions.FORGET_BIAS);

    private FineTune() {}

    /**
     * The config of a run that fine-tunes {@code initFrom}: as {@link TrainConfig#resolve}, but with the
     * checkpoint's shape, and its training config as the base when neither a preset nor a file is given.
     *
     * @param overrides the flags given (JSON key → value); a shape flag must agree with the checkpoint
     */
    static TrainConfig config(Path initFrom, String preset, Path configFile, Map<String, ?> overrides) {
        CheckpointMetadata meta = Checkpoint.readMetadata(initFrom);
        Map<TrainOption<?>, Object> shape = shape(meta);
        for (TrainOption<?> o : SHAPE) {
            if (!overrides.containsKey(o.key())) continue;
            Object given = o.read(JSON.valueToTree(overrides.get(o.key())), "the command line");
            if (!same(given, shape.get(o))) {
                throw new UserError(o.flag() + " " + show(given) + " does not match the " + show(shape.get(o)) + " of " + initFrom
                        + ", whose shape a fine-tuned model keeps; drop " + o.flag() + " or start from another checkpoint");
            }
        }
        TrainConfig base;
        if (preset == null && configFile == null) {
            String own = meta.extra().get("train_config");
            if (own == null) {
                throw new UserError(initFrom + " does not record the config it was trained with; give --preset NAME or --config FILE"
                        + " for the optimizer and the schedule of the fine-tuning");
            }
            base = ConfigFiles.resolve(TrainOptions.ALL, null, node(own, initFrom), initFrom + " (its train_config)", overrides);
        } else {
            base = TrainConfig.resolve(preset, configFile, overrides);
        }
        TrainConfig.Builder b = base.toBuilder();
        shape.forEach((o, v) -> {
            if (!same(base.get(o), v)) b.setUnchecked(o, v);
        });
        return b.build();
    }

    /** Equal values; numbers as the model stores them (float). */
    private static boolean same(Object a, Object b) {
        if (a instanceof Double x && b instanceof Double y) return x.floatValue() == y.floatValue();
        return Objects.equals(a, b);
    }

    private static String show(Object v) {
        return v instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT).replace('_', '-') : String.valueOf(v);
    }

    private static ObjectNode node(String json, Path file) {
        try {
            JsonNode n = JSON.readTree(json);
            if (n instanceof ObjectNode o) return o;
        } catch (JacksonException e) {
            // reported below
        }
        throw new UserError(file + " has a train_config that is not a JSON object; give --preset NAME or --config FILE");
    }

    /** The options that fix the model's shape, with the checkpoint's values. */
    private static Map<TrainOption<?>, Object> shape(CheckpointMetadata meta) {
        ModelConfig c = meta.config();
        Map<TrainOption<?>, Object> m = new HashMap<>();
        m.put(TrainOptions.TOKENIZER, meta.tokenizer());
        m.put(TrainOptions.INPUT, c.input());
        m.put(TrainOptions.HIDDEN_SIZE, c.hiddenSize());
        m.put(TrainOptions.LAYERS, c.numLayers());
        m.put(TrainOptions.EMBEDDING_SIZE, c.input() == ModelConfig.Input.ONE_HOT || c.embedSize() == c.hiddenSize() ? 0 : c.embedSize());
        m.put(TrainOptions.TIE_WEIGHTS, c.tied());
        m.put(TrainOptions.FORGET_BIAS, (double) c.forgetBias());
        return m;
    }

    /** The texts mapped to the checkpoint's vocabulary, and how many tokens of each were unknown to it. */
    record Mapped(Texts texts, long[] unknown, List<String> vocabulary) {}

    /**
     * Maps texts written in {@code corpusVocabulary} ids to the ids of the checkpoint's vocabulary.
     *
     * @param tokenizer the checkpoint's tokenizer, which decides the unknown symbol
     */
    static Mapped map(Texts texts, List<String> corpusVocabulary, CheckpointMetadata meta, Path initFrom) {
        List<String> target = meta.vocabulary();
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < target.size(); i++) ids.put(target.get(i), i);
        String unkSymbol = meta.tokenizer() == TokenizerKind.WORD ? "<unk>" : "\uFFFD";
        int unk = ids.getOrDefault(unkSymbol, -1);
        int[] table = new int[corpusVocabulary.size()];
        String missing = null;
        for (int i = 0; i < table.length; i++) {
            table[i] = ids.getOrDefault(corpusVocabulary.get(i), unk);
            if (table[i] < 0 && missing == null) missing = corpusVocabulary.get(i);
        }
        long[] unknown = new long[3];
        TokenSequence[] parts = {texts.train(), texts.valid(), texts.test()};
        TokenSequence[] mapped = new TokenSequence[3];
        for (int p = 0; p < 3; p++) {
            if (parts[p] == null) continue;
            int[] a = parts[p].toArray();
            for (int i = 0; i < a.length; i++) {
                int id = table[a[i]];
                if (id < 0) {
                    throw new UserError("the corpus has the word \"" + corpusVocabulary.get(a[i]) + "\", which the vocabulary of "
                            + initFrom + " lacks, and that vocabulary has no " + unkSymbol + " to stand for it; fine-tune on a text"
                            + " of its words, or train a new model");
                }
                if (id == unk && !corpusVocabulary.get(a[i]).equals(unkSymbol)) unknown[p]++;
                a[i] = id;
            }
            mapped[p] = TokenSequence.of(a);
        }
        return new Mapped(new Texts(mapped[0], mapped[1], mapped[2]), unknown, target);
    }
}
