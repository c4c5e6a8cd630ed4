package dev.lstmlm.train;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lstmlm.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads {@link TrainConfig}s from config files and command-line overrides, as {@link TrainOptions} describes them. */
final class ConfigFiles {
    /** Strict: text after the object and a key given twice are errors, not silently dropped or overwritten. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final String COMMAND_LINE = "the command line";

    private ConfigFiles() {}

    /** See {@link TrainConfig#resolve}; {@code table} lists the options (TrainOptions.ALL but in tests). */
    static TrainConfig resolve(List<TrainOption<?>> table, String presetName, Path configFile, Map<String, ?> overrides) {
        ObjectNode fileNode = configFile == null ? JSON.createObjectNode() : readFile(configFile);
        return resolve(table, presetName, fileNode, configFile == null ? COMMAND_LINE : configFile.toString(), overrides);
    }

    /** As {@link #resolve(List, String, Path, Map)} with the file's options given as {@code fileNode}, read from {@code source}. */
    static TrainConfig resolve(List<TrainOption<?>> table, String presetName, ObjectNode fileNode, String source,
                               Map<String, ?> overrides) {
        checkKeys(table, fileNode, source);
        String base = presetName != null ? presetName
                : fileNode.hasNonNull("preset") ? TrainOptions.PRESET.read(fileNode.get("preset"), source) : null;
        TrainConfig.Builder b = TrainConfig.builder(table);
        if (base != null) b.setAll(Presets.get(base));
        setAll(b, fileNode, source);
        b.set(TrainOptions.PRESET, presetName != null ? presetName : base == null ? "custom" : base);
        for (Map.Entry<String, ?> e : overrides.entrySet()) {
            TrainOption<?> o = byKey(table, e.getKey());
            if (o == null || !o.isFlag()) throw new IllegalArgumentException("no option " + e.getKey());
            b.setUnchecked(o, o.read(JSON.valueToTree(e.getValue()), COMMAND_LINE));
        }
        return build(b, source);
    }

    /** A complete config (as {@link TrainConfig#toJson} writes it) from {@code source}. */
    static TrainConfig fromJson(List<TrainOption<?>> table, ObjectNode n, String source) {
        checkKeys(table, n, source);
        TrainConfig.Builder b = TrainConfig.builder(table);
        setAll(b, n, source);
        return build(b, source);
    }

    private static TrainOption<?> byKey(List<TrainOption<?>> table, String key) {
        for (TrainOption<?> o : table) {
            if (o.key().equals(key)) return o;
        }
        return null;
    }

    private static void checkKeys(List<TrainOption<?>> table, ObjectNode n, String source) {
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (byKey(table, e.getKey()) == null) {
                throw new UserError(source + " has an unknown field \"" + e.getKey() + "\"; valid fields are "
                        + table.stream().map(TrainOption::key).collect(Collectors.joining(", ")));
            }
        }
    }

    private static void setAll(TrainConfig.Builder b, ObjectNode n, String source) {
        n.properties().forEach(e -> {
            if (!e.getValue().isNull()) set(b, e.getKey(), e.getValue(), source);
        });
    }

    private static void set(TrainConfig.Builder b, String key, JsonNode value, String source) {
        TrainOption<?> o = byKey(b.table(), key);
        b.setUnchecked(o, o.read(value, source));
    }

    private static TrainConfig build(TrainConfig.Builder b, String source) {
        List<String> missing = b.table().stream().filter(o -> !b.has(o)).map(o -> "\"" + o.key() + "\"").toList();
        if (!missing.isEmpty()) {
            throw new UserError(source + " does not give " + String.join(", ", missing)
                    + "; add them, or start from a preset with --preset or \"preset\"");
        }
        return b.build();
    }

    static ObjectNode readFile(Path file) {
        JsonNode node;
        try {
            node = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new UserError("config file " + file + " does not exist; check the path");
        } catch (JacksonException e) {
            String m = e.getOriginalMessage();
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            java.util.regex.Matcher duplicate = java.util.regex.Pattern.compile("Duplicate field '([^']*)'").matcher(m);
            if (duplicate.find()) {
                throw new UserError("config file " + file + " gives \"" + duplicate.group(1) + "\" twice (again on line " + line
                        + "); keep one of them");
            }
            if (m.startsWith("Trailing token")) {
                throw new UserError("config file " + file + " has text after its JSON object (line " + line + "); remove it");
            }
            throw new UserError("config file " + file + " is not valid JSON (" + m + "); fix it");
        } catch (IOException e) {
            throw new UserError("cannot read config file " + file + " (" + e.getMessage() + "); check its permissions", e);
        }
        if (node == null || !node.isObject()) {
            throw new UserError("config file " + file + " must hold one JSON object such as {\"preset\": \"ptb-small\", \"epochs\": 2}");
        }
        return (ObjectNode) node;
    }
}
