package dev.lstmlm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lstmlm.generate.TestModels;
import dev.lstmlm.model.TokenizerKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {
    @TempDir Path dir;

    @Test
    void aMissingModelIsOneSentenceAndExitCode2() {
        CliRun run = CliRun.of("serve", "--model", dir.resolve("none.safetensors").toString(), "--port", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.messages()).startsWith("error: ").contains("none.safetensors");
    }

    @Test
    void servesUntilSigtermThenStopsCleanly() throws Exception {
        Path model = TestModels.save(dir.resolve("words.safetensors"), TestModels.cycle(new int[] {2, 2, 3, 4, 1}),
                TokenizerKind.WORD, List.of("<unk>", "<eos>", "the", "cat", "sat"));
        ChildCli child = ChildCli.start(dir.resolve("serve.log"), "serve", "--model", model.toString(), "--port", "0");
        try {
            Matcher m = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)").matcher("");
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!m.reset(child.output()).find()) {
                if (!child.process.isAlive() || System.nanoTime() > deadline) throw new AssertionError("no server:\n" + child.output());
                Thread.sleep(100);
            }
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(1)
                    + "/v1/completions")).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"model\": \"words\", \"prompt\": \"the\", \"max_tokens\": 2, \"temperature\": 0}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\" cat sat\"");
            child.signal("TERM");
            assertThat(child.waitFor(60)).isEqualTo(143);
            assertThat(child.output()).contains("stopping: finishing running requests").doesNotContain("Exception");
        } finally {
            child.process.destroyForcibly();
        }
    }

    @Test
    void aPortOutOfRangeIsRejected() {
        CliRun run = CliRun.of("serve", "--model", "m.safetensors", "--port", "70000");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--port must be between 0 and 65535, got 70000");
    }
}
