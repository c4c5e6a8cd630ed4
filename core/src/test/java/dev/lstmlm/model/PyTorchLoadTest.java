package dev.lstmlm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lstmlm.tensor.Compute;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's promise that checkpoints load in PyTorch, kept by running {@code scripts/load_in_pytorch.py}
 * on fresh checkpoints (a word model with an embedding, 2 layers and a forget bias; a tied one; a one-hot
 * character model) and comparing its log-probabilities with this model's. It needs a python with
 * torch and safetensors: {@code LSTMLM_PYTHON}, else the venv of {@code bench/setup-python.sh}
 * (~/.cache/lstmlm/venv). Without one the test is skipped, except under CI, where it runs that script first.
 */
class PyTorchLoadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path python;

    @TempDir Path dir;

    @BeforeAll
    static void findPython() throws Exception {
        String configured = System.getenv("LSTMLM_PYTHON");
        if (configured != null && !configured.isBlank()) {
            python = Path.of(configured);
            return;
        }
        String venv = System.getenv("LSTMLM_VENV");
        Path fromVenv = Path.of(venv != null && !venv.isBlank() ? venv : System.getProperty("user.home") + "/.cache/lstmlm/venv",
                "bin", "python");
        if (Files.isExecutable(fromVenv) && runs(fromVenv, "import torch, safetensors")) {
            python = fromVenv;
            return;
        }
        if (System.getenv("CI") == null) return;
        Path script = project().resolve("bench/setup-python.sh");
        Process p = new ProcessBuilder("bash", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) throw new AssertionError(script + " failed (exit " + p.exitValue() + ")");
        python = Path.of(out);
    }

    private static Path project() {
        return Path.of(System.getProperty("lstmlm.project.dir", "."), "..").toAbsolutePath().normalize();
    }

    private static boolean runs(Path python, String code) throws Exception {
        Process p = new ProcessBuilder(python.toString(), "-c", code).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }

    /** Log-probabilities of the next token after each of {@code ids}, read from the zero state, as PyTorch computes them. */
    private static JsonNode torch(Path model, int[] ids) throws Exception {
        StringBuilder list = new StringBuilder();
        for (int id : ids) list.append(list.isEmpty() ? "" : ",").append(id);
        Process p = new ProcessBuilder(python.toString(), project().resolve("scripts/load_in_pytorch.py").toString(), model.toString(),
                "--ids", list.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return JSON.readTree(out);
    }

    /** The same log-probabilities from {@link LanguageModel#step}. */
    private static List<double[]> ours(LanguageModel m, int[] ids) {
        LanguageModel.State state = m.newState(1);
        int v = m.config().vocabSize();
        float[] logits = new float[v];
        List<double[]> rows = new ArrayList<>();
        for (int id : ids) {
            m.step(id, state, logits);
            double max = Double.NEGATIVE_INFINITY;
            for (float l : logits) max = Math.max(max, l);
            double sum = 0;
            for (float l : logits) sum += Math.exp(l - max);
            double[] row = new double[v];
            for (int i = 0; i < v; i++) row[i] = logits[i] - max - Math.log(sum);
            rows.add(row);
        }
        return rows;
    }

    private void check(ModelConfig config, TokenizerKind kind, long seed) throws Exception {
        Assumptions.assumeTrue(python != null, "no python with torch and safetensors: run bench/setup-python.sh"
                + " (or set LSTMLM_PYTHON) to include this test");
        LanguageModel m = new LanguageModel(config, Compute.create(1));
        m.initUniform(0.3f, seed);
        List<String> vocab = new ArrayList<>();
        for (int i = 0; i < config.vocabSize(); i++) vocab.add(kind == TokenizerKind.WORD ? "w" + i : Character.toString('a' + i));
        Path file = dir.resolve("m.safetensors");
        Checkpoint.save(file, m, new CheckpointMetadata(config, kind, vocab));
        int[] ids = {1, 4, 0, 7, 3, 3, 2};
        JsonNode r = torch(file, ids);
        assertThat(r.get("tokenizer").asText()).isEqualTo(kind.id());
        List<double[]> expected = ours(m, ids);
        assertThat(r.get("logprobs")).hasSize(ids.length);
        for (int t = 0; t < ids.length; t++) {
            JsonNode row = r.get("logprobs").get(t);
            assertThat(row).hasSize(config.vocabSize());
            for (int i = 0; i < config.vocabSize(); i++) {
                assertThat(row.get(i).asDouble()).as("step %d, token %d", t, i).isCloseTo(expected.get(t)[i], within(1e-4));
            }
        }
    }

    @Test
    void aWordModelLoadsIntoEmbeddingLstmAndLinear() throws Exception {
        check(new ModelConfig(11, ModelConfig.Input.EMBEDDING, 6, 6, 2, 1f, 1f), TokenizerKind.WORD, 3);
    }

    @Test
    void aTiedWordModelLoadsWithTheSharedMatrix() throws Exception {
        check(new ModelConfig(11, ModelConfig.Input.EMBEDDING, 5, 6, 2, 1f, 0f, 5, true, Regularization.NONE), TokenizerKind.WORD, 4);
    }

    @Test
    void aOneHotCharacterModelLoadsIntoLstmAndLinear() throws Exception {
        check(new ModelConfig(9, ModelConfig.Input.ONE_HOT, 9, 7, 1, 1f, 0f), TokenizerKind.CHAR_CODEPOINT, 5);
    }
}
