package dev.lstmlm.model;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lstmlm.UserError;
import dev.lstmlm.nn.ParameterStore;
import dev.lstmlm.tensor.Compute;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trained model in one safetensors file: the parameters under their PyTorch state-dict names and
 * shapes (so {@code safetensors.torch.load_file} feeds {@code nn.Embedding}, {@code nn.LSTM} and
 * {@code nn.Linear} directly), and in {@code __metadata__} the format version, the model config, the
 * tokenizer kind and the vocabulary, so that the file alone is enough to evaluate or generate.
 *
 * <p>Metadata keys (all values strings, as the format requires): {@code format} = "lstmlm",
 * {@code format_version} = "1", {@code model_config} (the JSON object of {@link ModelConfigJson}),
 * {@code tokenizer} ("word", "char-udacity" or "char-codepoint"), {@code vocabulary} (JSON array of
 * strings, index = id), plus any extra entries of {@link CheckpointMetadata#extra()}.
 *
 * <p>A model with tied weights has one matrix for encoder and decoder; the file holds it twice,
 * as {@code encoder.weight} and {@code decoder.weight} (safetensors cannot alias two names), so
 * that {@code load_state_dict} of a PyTorch model with {@code decoder.weight = encoder.weight}
 * works as for any other. {@code model_config} then says {@code "tied": true}, the entry
 * {@code tied} names the pair, and loading checks that the two copies are equal.
 */
public final class Checkpoint {
    public static final String FORMAT = "lstmlm";
    public static final int FORMAT_VERSION = 1;
    static final String KEY_FORMAT = "format";
    static final String KEY_VERSION = "format_version";
    static final String KEY_CONFIG = "model_config";
    static final String KEY_TOKENIZER = "tokenizer";
    static final String KEY_VOCABULARY = "vocabulary";
    static final String KEY_TIED = "tied";
    static final String ENCODER = "encoder.weight";
    static final String DECODER = "decoder.weight";
    private static final Set<String> RESERVED = Set.of(KEY_FORMAT, KEY_VERSION, KEY_CONFIG, KEY_TOKENIZER, KEY_VOCABULARY, KEY_TIED);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoint() {}

    /** A model rebuilt from a checkpoint, with what the file says about it. */
    public record Loaded(LanguageModel model, CheckpointMetadata metadata) {}

    /** Saves the model's parameters with {@code metadata} (whose config must be the model's), atomically. */
    public static void save(Path file, LanguageModel model, CheckpointMetadata metadata) throws IOException {
        if (!model.config().equals(metadata.config())) {
            throw new IllegalArgumentException("metadata config " + metadata.config() + " is not the model's " + model.config());
        }
        save(file, model.params(), metadata);
    }

    /**
     * Saves every view of {@code params} with {@code metadata}, atomically. Refuses non-finite values, so
     * a diverged run can never overwrite a good checkpoint.
     */
    public static void save(Path file, ParameterStore params, CheckpointMetadata metadata) throws IOException {
        float[] values = params.values();
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalStateException("refusing to save " + file + ": parameter element " + i + " is " + values[i]);
            }
        }
        List<SafeTensors.Tensor> tensors = new ArrayList<>();
        for (ParameterStore.View v : params.views()) {
            tensors.add(new SafeTensors.Tensor(v.name(), v.shape(), values, v.offset()));
            if (metadata.config().tied() && v.name().equals(ENCODER)) tensors.add(new SafeTensors.Tensor(DECODER, v.shape(), values, v.offset()));
        }
        SafeTensors.write(file, tensors, encode(metadata));
    }

    /** Reads only the header: the metadata of {@code file}, validated. */
    public static CheckpointMetadata readMetadata(Path file) {
        return decode(file, SafeTensors.readHeader(file).metadata());
    }

    /** Builds the model the checkpoint describes (computing with {@code compute}) and fills in its weights. */
    public static Loaded load(Path file, Compute compute) {
        SafeTensors.Header header = SafeTensors.readHeader(file);
        CheckpointMetadata metadata = decode(file, header.metadata());
        LanguageModel model = new LanguageModel(metadata.config(), compute);
        copyTensors(file, header, model.params(), metadata.config().tied());
        return new Loaded(model, metadata);
    }

    /**
     * Overwrites every parameter of {@code params} with the tensor of the same name in {@code file};
     * the file must hold exactly these names with these shapes.
     */
    public static CheckpointMetadata loadInto(Path file, ParameterStore params) {
        SafeTensors.Header header = SafeTensors.readHeader(file);
        CheckpointMetadata metadata = decode(file, header.metadata());
        copyTensors(file, header, params, metadata.config().tied());
        return metadata;
    }

    private static void copyTensors(Path file, SafeTensors.Header header, ParameterStore params, boolean tied) {
        Set<String> expected = new HashSet<>();
        if (tied) {
            if (params.has(DECODER) || !params.has(ENCODER)) {
                throw new UserError(file + " says its weights are tied but the model it is loaded into has its own decoder; load it with the config it was saved with");
            }
            expected.add(DECODER);
            SafeTensors.Entry d = header.tensor(DECODER);
            if (d == null || !Arrays.equals(d.shape(), params.view(ENCODER).shape())) {
                throw new UserError(file + " has tied weights but no " + DECODER + " of the shape of " + ENCODER
                        + "; the file is damaged, so use another copy");
            }
        }
        for (ParameterStore.View v : params.views()) {
            expected.add(v.name());
            SafeTensors.Entry e = header.tensor(v.name());
            if (e == null) {
                throw new UserError(file + " has no tensor " + v.name() + " although its model config needs one; the file is damaged, so use another copy");
            }
            if (!Arrays.equals(e.shape(), v.shape())) {
                throw new UserError(file + " holds " + v.name() + " with shape " + Arrays.toString(e.shape())
                        + " where its model config needs " + Arrays.toString(v.shape()) + "; the file is damaged, so use another copy");
            }
        }
        for (SafeTensors.Entry e : header.tensors()) {
            if (!expected.contains(e.name())) {
                throw new UserError(file + " holds a tensor " + e.name() + " that this model does not have; it was not written by lstmlm for this model");
            }
        }
        for (ParameterStore.View v : params.views()) {
            SafeTensors.read(file, header, header.tensor(v.name()), params.values(), v.offset());
        }
        checkFinite(file, params);
        if (tied) checkTied(file, header, params);
    }

    /** Every weight must be a number: a NaN or infinity would turn every output into NaN without a word. */
    private static void checkFinite(Path file, ParameterStore params) {
        float[] values = params.values();
        for (ParameterStore.View v : params.views()) {
            for (int i = 0; i < v.size(); i++) {
                float x = values[v.offset() + i];
                if (!Float.isFinite(x)) {
                    throw new UserError(file + " holds " + x + " in tensor " + v.name() + " (element " + i
                            + "), so every output would be NaN; the model diverged or the file is damaged, so use another checkpoint");
                }
            }
        }
    }

    /** The decoder's copy of a tied matrix must equal the encoder's, bit for bit. */
    private static void checkTied(Path file, SafeTensors.Header header, ParameterStore params) {
        ParameterStore.View e = params.view(ENCODER);
        float[] copy = new float[e.size()];
        SafeTensors.read(file, header, header.tensor(DECODER), copy, 0);
        float[] v = params.values();
        for (int i = 0; i < copy.length; i++) {
            if (Float.floatToRawIntBits(copy[i]) != Float.floatToRawIntBits(v[e.offset() + i])) {
                throw new UserError(file + " says encoder.weight and decoder.weight are tied but they differ at element " + i
                        + "; the file was changed after saving, so use another copy or untie the weights in PyTorch");
            }
        }
    }

    static Map<String, String> encode(CheckpointMetadata metadata) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(KEY_FORMAT, FORMAT);
        m.put(KEY_VERSION, Integer.toString(FORMAT_VERSION));
        m.put(KEY_CONFIG, ModelConfigJson.write(metadata.config()).toString());
        m.put(KEY_TOKENIZER, metadata.tokenizer().id());
        if (metadata.config().tied()) m.put(KEY_TIED, DECODER + "=" + ENCODER);
        try {
            m.put(KEY_VOCABULARY, JSON.writeValueAsString(metadata.vocabulary()));
        } catch (JacksonException e) {
            throw new UncheckedIOException(e);
        }
        metadata.extra().forEach((k, v) -> {
            if (RESERVED.contains(k)) throw new IllegalArgumentException("extra metadata key " + k + " is reserved");
            m.put(k, v);
        });
        return m;
    }

    static CheckpointMetadata decode(Path file, Map<String, String> meta) {
        for (String key : List.of(KEY_FORMAT, KEY_VERSION, KEY_CONFIG, KEY_TOKENIZER, KEY_VOCABULARY)) {
            if (!meta.containsKey(key)) {
                throw new UserError(file + " lacks the metadata entry \"" + key
                        + "\", so it was not written by lstmlm; use a checkpoint saved by lstmlm train");
            }
        }
        if (!meta.get(KEY_FORMAT).equals(FORMAT)) {
            throw new UserError(file + " has format \"" + meta.get(KEY_FORMAT) + "\" instead of \"" + FORMAT
                    + "\"; use a checkpoint saved by lstmlm train");
        }
        if (!meta.get(KEY_VERSION).equals(Integer.toString(FORMAT_VERSION))) {
            throw new UserError(file + " has checkpoint format version " + meta.get(KEY_VERSION) + " but this lstmlm reads version "
                    + FORMAT_VERSION + "; use the lstmlm release that wrote it");
        }
        ModelConfig config = parseConfig(file, meta.get(KEY_CONFIG));
        TokenizerKind tokenizer = TokenizerKind.fromId(meta.get(KEY_TOKENIZER));
        List<String> vocabulary;
        try {
            vocabulary = JSON.readValue(meta.get(KEY_VOCABULARY), new TypeReference<List<String>>() {});
        } catch (JacksonException e) {
            throw new UserError(file + " has a vocabulary that is not a JSON array of strings; the file is damaged, so use another copy");
        }
        if (vocabulary == null || vocabulary.size() != config.vocabSize() || vocabulary.contains(null)
                || new HashSet<>(vocabulary).size() != vocabulary.size()) {
            throw new UserError(file + " has a vocabulary that does not list " + config.vocabSize()
                    + " distinct entries as its model config requires; the file is damaged, so use another copy");
        }
        Map<String, String> extra = new LinkedHashMap<>(meta);
        RESERVED.forEach(extra::remove);
        return new CheckpointMetadata(config, tokenizer, vocabulary, extra);
    }

    private static ModelConfig parseConfig(Path file, String json) {
        try {
            return ModelConfigJson.read(JSON.readTree(json));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new UserError(file + " has an unusable model config (" + e.getMessage()
                    + "); the file is damaged, so use another copy");
        }
    }
}
