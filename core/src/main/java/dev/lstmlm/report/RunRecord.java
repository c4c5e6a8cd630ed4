package dev.lstmlm.report;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lstmlm.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a run directory holds, as the report and the dashboard read it: {@code config.json},
 * {@code metrics.jsonl} (one object per epoch of the ptb loop, or per report of the udacity loop)
 * and, once the run has ended, {@code summary.json}. Only these files and the keys that every
 * version of the trainer has written are relied on, so runs written before the report existed read
 * the same. A line torn by a crash while it was appended is skipped.
 *
 * @param name   the directory's name, the run's label in charts
 * @param config config.json, or an empty object when the run has none
 * @param metrics the lines of metrics.jsonl in file order
 * @param summary summary.json, or null while the run has not ended
 */
public record RunRecord(String name, Path dir, JsonNode config, List<JsonNode> metrics, JsonNode summary) {
    static final ObjectMapper JSON = new ObjectMapper();
    public static final String CONFIG = "config.json";
    public static final String METRICS = "metrics.jsonl";
    public static final String SUMMARY = "summary.json";

    public RunRecord {
        metrics = List.copyOf(metrics);
    }

    /** Whether {@code dir} looks like a training run (it has a config or metrics). */
    public static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(CONFIG)) || Files.isRegularFile(dir.resolve(METRICS));
    }

    /** Reads the run in {@code dir}; a directory that is not a run is a {@link UserError}. */
    public static RunRecord read(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new UserError(dir + " is not a directory; give a run directory that lstmlm train wrote (runs/NAME-TIMESTAMP)");
        }
        if (!isRun(abs)) {
            throw new UserError(dir + " is not a training run (it has neither config.json nor metrics.jsonl);"
                    + " give a run directory that lstmlm train wrote");
        }
        JsonNode config = readObject(abs.resolve(CONFIG));
        JsonNode summary = readObject(abs.resolve(SUMMARY));
        return new RunRecord(abs.getFileName().toString(), abs, config == null ? JSON.createObjectNode() : config,
                readLines(abs.resolve(METRICS)), summary);
    }

    /** How the run counts progress: by epochs (the ptb loop) or by updates (the udacity loop). */
    public enum Progress {
        EPOCHS("epoch"), STEPS("step");

        /** The metrics key, also the axis label. */
        public final String key;

        Progress(String key) {
            this.key = key;
        }
    }

    public Progress progress() {
        for (JsonNode line : metrics) {
            if (line.has("step") && !line.has("epoch")) return Progress.STEPS;
            if (line.has("epoch")) return Progress.EPOCHS;
        }
        return "udacity".equals(config.path("loop").asText()) ? Progress.STEPS : Progress.EPOCHS;
    }

    /** The metrics key of the training perplexity: the epoch's, or the last minibatch's in the udacity loop. */
    public String trainKey() {
        return progress() == Progress.EPOCHS ? "train_ppl" : "minibatch_ppl";
    }

    /** Whether the tokens are characters (from the config's tokenizer). */
    public boolean characters() {
        return config.path("tokenizer").asText("word").startsWith("char");
    }

    /** Whether summary.json is there, i.e. the run has ended. */
    public boolean finished() {
        return summary != null;
    }

    /** One line for people: "finished: test ppl 82.70, best valid ppl 86.20" or "not finished: epoch 3 of 13 reported". */
    public String status() {
        String unit = progress().key;
        long total = progress() == RunRecord.Progress.EPOCHS ? config.path("epochs").asLong(0)
                : config.path("steps").asLong(0);
        long done = metrics.isEmpty() ? 0 : metrics.getLast().path(unit).asLong(0);
        if (finished()) {
            JsonNode test = summary.path("test_ppl");
            JsonNode best = summary.path("best_valid_ppl");
            return "finished" + (test.isNumber() ? String.format(Locale.ROOT, ": test ppl %.2f", test.asDouble()) : "")
                    + (best.isNumber() ? String.format(Locale.ROOT, ", best valid ppl %.2f", best.asDouble()) : "");
        }
        return "not finished: " + unit + " " + done + (total > 0 ? " of " + total : "") + " reported";
    }

    private static JsonNode readObject(Path file) {
        if (!Files.isRegularFile(file)) return null;
        try {
            JsonNode n = JSON.readTree(Files.readString(file));
            return n != null && n.isObject() ? n : null;
        } catch (JacksonException e) {
            return null; // a file being replaced is written atomically; anything else unreadable is left out
        } catch (IOException e) {
            throw new UserError("cannot read " + file + " (" + e.getMessage() + "); check its permissions", e);
        }
    }

    private static List<JsonNode> readLines(Path file) {
        List<JsonNode> lines = new ArrayList<>();
        if (!Files.isRegularFile(file)) return lines;
        List<String> text;
        try {
            text = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UserError("cannot read " + file + " (" + e.getMessage() + "); check its permissions", e);
        }
        for (String line : text) {
            if (line.isBlank()) continue;
            try {
                JsonNode n = JSON.readTree(line);
                if (n != null && n.isObject()) lines.add(n);
            } catch (JacksonException e) {
                // a line torn by a crash while appending
            }
        }
        return lines;
    }
}
