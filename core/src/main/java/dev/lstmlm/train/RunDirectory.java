package dev.lstmlm.train;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lstmlm.AtomicFiles;
import dev.lstmlm.UserError;
import dev.lstmlm.model.CheckpointMetadata;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.nn.ParameterStore;
import dev.lstmlm.report.RunReport;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of one training run:
 *
 * <pre>
 * RUN/config.json        the TrainConfig, written when the run starts
 * RUN/metrics.jsonl      one JSON object per finished epoch (per report of the udacity loop)
 * RUN/summary.json       written when the run ends
 * RUN/model.safetensors  the model with the best validation perplexity so far
 * RUN/latest             the name of the newest complete checkpoint directory, written last
 * RUN/curves.png, curves.svg, report.html  rewritten after each metrics line and the summary ({@link RunReport})
 * RUN/ckpt-E-B/          resume point: epoch E, next batch B
 *     model.safetensors  the weights at that point (a complete checkpoint with vocabulary)
 *     state.safetensors  the carried LSTM state h and c, (L,B,H) each
 *     state.json         where the run stood ({@link LoopState}, in the layout of {@link StateJson})
 *     optimizer.safetensors  the optimizer's state (Adam's moments), when it has one
 * </pre>
 *
 * <p>The files of a resume point are {@link ResumePoint}'s. A checkpoint directory is filled under a temporary name, forced to disk and renamed into place;
 * only then does {@code latest} move to it (atomically) and older directories get deleted. A crash at
 * any instant thus leaves {@code latest} naming a complete, consistent checkpoint.
 */
public final class RunDirectory {
    static final String LATEST = "latest";
    private static final Pattern CKPT_NAME = Pattern.compile("ckpt-\\d+-\\d+");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    public RunDirectory(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    public Path configFile() {
        return dir.resolve("config.json");
    }

    public Path metricsFile() {
        return dir.resolve("metrics.jsonl");
    }

    public Path summaryFile() {
        return dir.resolve("summary.json");
    }

    /** The best model so far, and when the run has ended the model it reports. */
    public Path modelFile() {
        return dir.resolve("model.safetensors");
    }

    /**
     * Creates the directory (and its parents) for a new run, or takes an existing empty one; fails with
     * one sentence when it cannot be created or written (read-only, no permission, under a file, under
     * /proc) or already holds a run.
     */
    public void create() {
        try {
            Files.createDirectories(dir);
            Path probe = AtomicFiles.tempSibling(configFile());
            Files.deleteIfExists(Files.createFile(probe)); // a directory can exist but not be writable
        } catch (IOException e) {
            throw WriteFailure.cannotCreate(dir, e);
        }
    }

    public void writeConfig(TrainConfig config) throws IOException {
        AtomicFiles.writeString(configFile(), config.toJson().toPrettyString() + "\n");
    }

    public TrainConfig readConfig() {
        if (!Files.isRegularFile(configFile())) {
            throw new UserError(dir + " is not a training run (it has no config.json); give the directory that lstmlm train printed");
        }
        return TrainConfig.read(configFile());
    }

    /** Appends one line to metrics.jsonl and forces it to disk. */
    public void appendMetrics(ObjectNode line) throws IOException {
        byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(metricsFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        RunReport.update(dir);
    }

    /**
     * Drops the metrics lines of epoch {@code epoch} and later: a run resumed from an earlier
     * checkpoint will write them again.
     */
    public void keepMetricsBefore(int epoch) throws IOException {
        keepMetricsBefore("epoch", epoch);
    }

    /** Drops the metrics lines whose {@code key} is {@code value} or more (or missing). */
    public void keepMetricsBefore(String key, long value) throws IOException {
        if (!Files.exists(metricsFile())) return;
        StringBuilder kept = new StringBuilder();
        for (String line : Files.readAllLines(metricsFile())) {
            if (line.isBlank()) continue;
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (JacksonException e) {
                continue; // a line torn by a crash while appending
            }
            if (n != null && n.path(key).asLong(Long.MAX_VALUE) < value) kept.append(line).append('\n');
        }
        AtomicFiles.writeString(metricsFile(), kept.toString());
    }

    public void writeSummary(ObjectNode summary) throws IOException {
        AtomicFiles.writeString(summaryFile(), summary.toPrettyString() + "\n");
        RunReport.update(dir);
    }

    /** The directory {@code latest} names, if any. */
    public Optional<Path> latestCheckpoint() {
        Path pointer = dir.resolve(LATEST);
        if (!Files.isRegularFile(pointer)) return Optional.empty();
        String name;
        try {
            name = Files.readString(pointer).strip();
        } catch (IOException e) {
            throw new UserError("cannot read " + pointer + " (" + e.getMessage() + "); check its permissions", e);
        }
        if (!CKPT_NAME.matcher(name).matches() || !Files.isDirectory(dir.resolve(name))) {
            Optional<Path> complete = newestComplete();
            if (complete.isPresent()) {
                String other = complete.get().getFileName().toString();
                throw new UserError(pointer + " names " + (name.isEmpty() ? "nothing" : name) + ", which is not a checkpoint directory"
                        + " of this run, but the complete checkpoint " + other + " is beside it; to resume from there, run"
                        + " `echo " + other + " > " + pointer + "` and train --resume again");
            }
            throw new UserError(pointer + " does not name a checkpoint directory of this run; the run cannot be resumed, so start a new one");
        }
        return Optional.of(dir.resolve(name));
    }

    /** The newest checkpoint directory (by epoch, then batch) that holds every file of a resume point. */
    private Optional<Path> newestComplete() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> CKPT_NAME.matcher(p.getFileName().toString()).matches())
                    .filter(p -> ResumePoint.FILES.stream().allMatch(f -> Files.isRegularFile(p.resolve(f))))
                    .max(Comparator.comparing((Path p) -> Long.parseLong(p.getFileName().toString().split("-")[1]))
                            .thenComparing(p -> Long.parseLong(p.getFileName().toString().split("-")[2])));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The loop state of the latest checkpoint, if there is one, read by {@code reader} (see
     * {@link LoopState#reader}); fails with one sentence when it is unreadable.
     */
    public <S extends LoopState> Optional<S> latestState(Function<JsonNode, S> reader) {
        return latestCheckpoint().map(ckpt -> ResumePoint.readState(ckpt, reader));
    }

    /**
     * Saves a resume point with the optimizer's state (see {@link Optimizer#state()}; empty for SGD)
     * and makes it the latest; deletes older ones.
     *
     * @param stateShape the shape of {@code carried.h} and {@code carried.c}: (L,B,H)
     * @return the checkpoint directory
     */
    public Path saveCheckpoint(LoopState state, ParameterStore params, CheckpointMetadata metadata,
                               LanguageModel.State carried, int[] stateShape, Map<String, float[]> optimizerState)
            throws IOException {
        String name = state.checkpointName();
        Path target = dir.resolve(name);
        Optional<Path> latest = latestCheckpoint();
        if (latest.isPresent() && latest.get().equals(target)) {
            return target; // this very point is saved already (a stop right after resuming)
        }
        Path temp = Files.createDirectory(AtomicFiles.tempSibling(target));
        try {
            ResumePoint.write(temp, state, params, metadata, carried, stateShape, optimizerState);
            AtomicFiles.syncDirectory(temp);
            if (Files.exists(target)) deleteTree(target);
            AtomicFiles.move(temp, target);
        } finally {
            if (Files.exists(temp)) deleteTree(temp);
        }
        AtomicFiles.writeString(dir.resolve(LATEST), name + "\n");
        removeStaleCheckpoints();
        return target;
    }

    /**
     * Loads the latest checkpoint: its weights into {@code params}, its carried state into
     * {@code carried} (whose shape must be {@code stateShape}) and the optimizer's state arrays (empty
     * for SGD); returns its loop state, read by {@code reader}.
     */
    public <S extends LoopState> S restore(ParameterStore params, LanguageModel.State carried, int[] stateShape,
                                           Map<String, float[]> optimizerState, Function<JsonNode, S> reader) {
        Path ckpt = latestCheckpoint().orElseThrow(() -> new UserError(dir
                + " has no checkpoint to resume from; start the run again without --resume"));
        return ResumePoint.read(ckpt, params, carried, stateShape, optimizerState, reader);
    }

    /** Deletes every checkpoint directory but the latest, and temporary leftovers of interrupted saves. */
    public void removeStaleCheckpoints() throws IOException {
        Optional<Path> latest = latestCheckpoint();
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> {
                String n = p.getFileName().toString();
                boolean ckpt = CKPT_NAME.matcher(n).matches() && Files.isDirectory(p);
                boolean temp = n.startsWith(".") && n.endsWith(AtomicFiles.TEMP_SUFFIX);
                return (ckpt || temp) && !(latest.isPresent() && latest.get().equals(p));
            }).forEach(stale::add);
        }
        for (Path p : stale) deleteTree(p);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
