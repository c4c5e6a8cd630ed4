package dev.lstmlm.serve;

import static dev.lstmlm.serve.ServerFixture.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official {@code openai} Python client against the server: {@code completions.create} plain,
 * streamed, and with echo + logprobs. It needs a python with the package: {@code LSTMLM_PYTHON},
 * else the venv that {@code bench/setup-python.sh} makes (~/.cache/lstmlm/venv). Without one the
 * test is skipped, except under CI, where it runs that script first.
 */
class OpenAiClientTest {
    @TempDir Path dir;

    private static Path python() throws Exception {
        String configured = System.getenv("LSTMLM_PYTHON");
        if (configured != null && !configured.isBlank()) return Path.of(configured);
        String venv = System.getenv("LSTMLM_VENV");
        Path fromVenv = Path.of(venv != null && !venv.isBlank() ? venv : System.getProperty("user.home") + "/.cache/lstmlm/venv",
                "bin", "python");
        if (Files.isExecutable(fromVenv) && hasOpenai(fromVenv)) return fromVenv;
        if (System.getenv("CI") == null) return null;
        Path script = Path.of(System.getProperty("lstmlm.project.dir", "."), "..", "bench", "setup-python.sh");
        Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) throw new AssertionError(script + " failed (exit " + p.exitValue() + ")");
        return Path.of(out);
    }

    private static boolean hasOpenai(Path python) throws Exception {
        Process p = new ProcessBuilder(python.toString(), "-c", "import openai").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }

    @Test
    void theOpenaiClientCompletesStreamsAndEchoesLogprobs() throws Exception {
        Path python = python();
        Assumptions.assumeTrue(python != null, "no python with the openai package: run bench/setup-python.sh"
                + " (or set LSTMLM_PYTHON) to include this test");
        Path check = dir.resolve("openai_client_check.py");
        try (InputStream in = OpenAiClientTest.class.getResourceAsStream("openai_client_check.py")) {
            Files.copy(in, check);
        }
        try (ServerFixture f = ServerFixture.cycle(dir)) {
            Process p = new ProcessBuilder(List.of(python.toString(), check.toString(),
                    "http://127.0.0.1:" + f.server.port() + "/v1", "words"))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("the client's output: %s", out).isEqualTo(0);
            JsonNode r = JSON.readTree(out);

            assertThat(r.get("plain").get("text").asText()).isEqualTo(" cat sat\nthe cat");
            assertThat(r.get("plain").get("finish_reason").asText()).isEqualTo("length");
            assertThat(r.get("plain").get("object").asText()).isEqualTo("text_completion");
            assertThat(r.get("plain").get("usage").get("completion_tokens").asInt()).isEqualTo(5);

            assertThat(r.get("stream").get("text").asText()).isEqualTo(" cat sat\nthe cat");
            assertThat(r.get("stream").get("chunks").asInt()).isEqualTo(6);
            assertThat(r.get("stream").get("finish_reason").asText()).isEqualTo("length");

            JsonNode echo = r.get("echo");
            assertThat(echo.get("text").asText()).isEqualTo("the cat sat");
            assertThat(echo.get("tokens").toString()).isEqualTo("[\"the\",\" cat\",\" sat\"]");
            assertThat(echo.get("text_offset").toString()).isEqualTo("[0,3,7]");
            assertThat(echo.get("token_logprobs").get(0).isNull()).isTrue();
            // the cycle model predicts cat after the, sat after cat with a lead of 15 nats
            assertThat(echo.get("token_logprobs").get(1).asDouble()).isCloseTo(0, within(1e-3));
            assertThat(echo.get("token_logprobs").get(2).asDouble()).isCloseTo(0, within(1e-3));
            assertThat(echo.get("top_logprobs").get(1).fieldNames().next()).isEqualTo(" cat");
            assertThat(echo.get("top_logprobs").get(1).size()).isEqualTo(2);

            assertThat(r.get("bad").get("status").asInt()).isEqualTo(400);
            assertThat(r.get("bad").get("message").asText()).contains("max_tokens");
        }
    }
}
