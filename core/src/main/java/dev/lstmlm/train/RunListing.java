package dev.lstmlm.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lstmlm.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The runs under a directory, one {@link Entry} each, as {@code lstmlm runs} lists them: what was
 * trained, how far it got, its results and whether it is running (a trainer holds its
 * {@link RunLock}), finished (its summary says it ran its length) or stopped (a checkpoint to resume,
 * or a budget that ended it early).
 */
public final class RunListing {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunListing() {}

    /**
     * @param done epochs (steps of the udacity loop) trained
     * @param bestValidPpl null before the first validation
     * @param testPpl null without a finished test
     * @param status running, finished or stopped
     */
    public record Entry(Path dir, String preset, String corpus, String unit, long done, long total, Double bestValidPpl,
                        Double testPpl, String status, long bytes) {
        public String name() {
            return dir.getFileName().toString();
        }

        ObjectNode toJson() {
            ObjectNode n = JSON.createObjectNode();
            n.put("name", name());
            n.put("dir", dir.toString());
            n.put("preset", preset);
            n.put("corpus", corpus);
            n.put("unit", unit);
            n.put("done", done);
            n.put("total", total);
            if (bestValidPpl == null) n.putNull("best_valid_ppl"); else n.put("best_valid_ppl", bestValidPpl);
            if (testPpl == null) n.putNull("test_ppl"); else n.put("test_ppl", testPpl);
            n.put("status", status);
            n.put("bytes", bytes);
            return n;
        }
    }

    /** Every run directly under {@code root} (a directory with a config.json), oldest name first. */
    public static List<Entry> list(Path root) {
        if (!Files.isDirectory(root)) {
            throw new UserError(root + " is not a directory; give the directory that holds the runs (default: runs)");
        }
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.sorted(Comparator.comparing(Path::toString)).toList()) {
                if (Files.isRegularFile(p.resolve("config.json"))) entries.add(entry(p));
            }
        } catch (IOException e) {
            throw new UserError("cannot list " + root + " (" + e.getMessage() + "); check its permissions", e);
        }
        return entries;
    }

    static Entry entry(Path dir) {
        RunDirectory run = new RunDirectory(dir);
        TrainConfig config;
        try {
            config = run.readConfig();
        } catch (UserError e) {
            return new Entry(dir, "?", "?", "epochs", 0, 0, null, null, "unreadable", size(dir));
        }
        boolean udacity = config.loop() == TrainConfig.Loop.UDACITY;
        long total = config.get(Extension.option(config));
        Optional<LoopState> state;
        try {
            state = run.latestState(LoopState.reader(config.loop()));
        } catch (UserError e) {
            state = Optional.empty();
        }
        long done = state.map(Extension::done).orElse(0L);
        JsonNode summary = readSummary(run.summaryFile());
        Double best = summary == null ? state.map(RunListing::validPpl).orElse(null)
                : number(summary, udacity ? "valid_ppl" : "best_valid_ppl");
        Double test = summary == null ? null : number(summary, "test_ppl");
        String status = RunLock.held(dir) ? "running"
                : summary != null && !summary.hasNonNull("stopped_by") && done >= total ? "finished" : "stopped";
        return new Entry(run.dir(), config.preset(), config.corpus(), udacity ? "steps" : "epochs", done, total, best, test, status,
                size(dir));
    }

    private static JsonNode readSummary(Path file) {
        if (!Files.isRegularFile(file)) return null;
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            return null;
        }
    }

    private static Double number(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v != null && v.isNumber() ? v.doubleValue() : null;
    }

    /** Bytes of every file under {@code dir}. */
    static long size(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // deleted while listing (a checkpoint being replaced)
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /** The entries as a JSON array. */
    public static ArrayNode toJson(List<Entry> entries) {
        ArrayNode a = JSON.createArrayNode();
        entries.forEach(e -> a.add(e.toJson()));
        return a;
    }

    /** The entries as aligned text lines under a header. */
    public static List<String> table(List<Entry> entries) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"RUN", "PRESET", "CORPUS", "PROGRESS", "BEST VALID", "TEST", "STATUS", "SIZE"});
        for (Entry e : entries) {
            rows.add(new String[] {e.name(), e.preset(), corpusName(e.corpus()), e.done() + "/" + e.total() + " " + e.unit(),
                    ppl(e.bestValidPpl()), ppl(e.testPpl()), e.status(), bytes(e.bytes())});
        }
        int[] width = new int[rows.getFirst().length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
        }
        List<String> lines = new ArrayList<>();
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                if (i > 0) sb.append("  ");
                sb.append(i == r.length - 1 ? r[i] : String.format(Locale.ROOT, "%-" + width[i] + "s", r[i]));
            }
            lines.add(sb.toString().stripTrailing());
        }
        return lines;
    }

    /** A corpus file by its name only: the table stays narrow. */
    private static String corpusName(String corpus) {
        return corpus.contains("/") ? Path.of(corpus).getFileName().toString() : corpus;
    }

    private static String ppl(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        if (n < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
        if (n < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024));
        return String.format(Locale.ROOT, "%.2f GB", n / (1024.0 * 1024 * 1024));
    }

    /** The validation perplexity a checkpoint knows of: the best so far (the last of the udacity loop); null before the first. */
    private static Double validPpl(LoopState state) {
        return switch (state) {
            case EpochState e -> e.hasBest() ? e.bestValidPpl() : null;
            case StepState s -> Double.isNaN(s.lastValidPpl()) ? null : s.lastValidPpl();
        };
    }
}
