package dev.lstmlm.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lstmlm.AtomicFiles;
import dev.lstmlm.UserError;
import dev.lstmlm.model.Checkpoint;
import dev.lstmlm.model.CheckpointMetadata;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.model.SafeTensors;
import dev.lstmlm.nn.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The files of one resume point, a checkpoint directory of a {@link RunDirectory}: the weights
 * (model.safetensors, a complete checkpoint with vocabulary), the carried LSTM state
 * (state.safetensors, h and c of (L,B,H) each), where the loop stood (state.json, see {@link StateJson})
 * and, for an optimizer that keeps one, its state (optimizer.safetensors). Where the directory goes
 * and when it becomes the latest is the run directory's business.
 */
final class ResumePoint {
    /** The files every resume point holds. */
    static final List<String> FILES = List.of("model.safetensors", "state.safetensors", "state.json");
    private static final String OPTIMIZER_FILE = "optimizer.safetensors";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResumePoint() {}

    /** Writes the files of a resume point into {@code dir}; {@code optimizerState} is empty for SGD. */
    static void write(Path dir, LoopState state, ParameterStore params, CheckpointMetadata metadata, LanguageModel.State carried,
                      int[] stateShape, Map<String, float[]> optimizerState) throws IOException {
        Checkpoint.save(dir.resolve("model.safetensors"), params, metadata);
        SafeTensors.write(dir.resolve("state.safetensors"), List.of(
                new SafeTensors.Tensor("h", stateShape, carried.h, 0),
                new SafeTensors.Tensor("c", stateShape, carried.c, 0)), Map.of());
        if (!optimizerState.isEmpty()) {
            List<SafeTensors.Tensor> tensors = new ArrayList<>();
            optimizerState.forEach((key, values) -> tensors.add(new SafeTensors.Tensor(key, new int[] {values.length}, values, 0)));
            SafeTensors.write(dir.resolve(OPTIMIZER_FILE), tensors, Map.of());
        }
        AtomicFiles.writeString(dir.resolve("state.json"), state.toJson().toPrettyString() + "\n");
    }

    /**
     * Loads the resume point {@code ckpt}: its weights into {@code params}, its carried state into
     * {@code carried} (whose shape must be {@code stateShape}) and the optimizer's state arrays (empty
     * for SGD); returns its loop state, read by {@code reader}.
     */
    static <S extends LoopState> S read(Path ckpt, ParameterStore params, LanguageModel.State carried, int[] stateShape,
                                        Map<String, float[]> optimizerState, Function<JsonNode, S> reader) {
        S state = readState(ckpt, reader);
        Path stateFile = ckpt.resolve("state.safetensors");
        SafeTensors.Header header = SafeTensors.readHeader(stateFile);
        for (String t : List.of("h", "c")) {
            SafeTensors.Entry e = header.tensor(t);
            if (e == null || !Arrays.equals(e.shape(), stateShape) || header.tensors().size() != 2) {
                throw new UserError("checkpoint " + ckpt + " holds an LSTM state that does not fit the run's config.json"
                        + " (expected h and c of shape " + Arrays.toString(stateShape) + "); resume with the config the run started with");
            }
        }
        SafeTensors.read(stateFile, header, header.tensor("h"), carried.h, 0);
        SafeTensors.read(stateFile, header, header.tensor("c"), carried.c, 0);
        if (!optimizerState.isEmpty()) readOptimizer(ckpt, optimizerState);
        Checkpoint.loadInto(ckpt.resolve("model.safetensors"), params);
        return state;
    }

    /** The loop state of the resume point {@code ckpt}; fails with one sentence when it is unreadable. */
    static <S extends LoopState> S readState(Path ckpt, Function<JsonNode, S> reader) {
        try {
            return reader.apply(JSON.readTree(Files.readString(ckpt.resolve("state.json"))));
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("checkpoint " + ckpt + " has an unreadable state.json (" + e.getMessage()
                    + "); the run cannot be resumed from it, so start a new one", e);
        }
    }

    private static void readOptimizer(Path ckpt, Map<String, float[]> optimizerState) {
        Path file = ckpt.resolve(OPTIMIZER_FILE);
        if (!Files.isRegularFile(file)) {
            throw new UserError("checkpoint " + ckpt + " has no " + OPTIMIZER_FILE + " although the run's optimizer keeps a state;"
                    + " resume with the config the run started with");
        }
        SafeTensors.Header header = SafeTensors.readHeader(file);
        for (Map.Entry<String, float[]> e : optimizerState.entrySet()) {
            SafeTensors.Entry t = header.tensor(e.getKey());
            if (t == null || !Arrays.equals(t.shape(), new int[] {e.getValue().length})) {
                throw new UserError("checkpoint " + ckpt + " holds an optimizer state that does not fit the run's model (no "
                        + e.getKey() + " of " + e.getValue().length + " values); resume with the config the run started with");
            }
        }
        for (Map.Entry<String, float[]> e : optimizerState.entrySet()) {
            SafeTensors.read(file, header, header.tensor(e.getKey()), e.getValue(), 0);
        }
    }
}
