package dev.lstmlm.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lstmlm.generate.TestModels;
import dev.lstmlm.generate.Tokenizer;
import dev.lstmlm.model.Checkpoint;
import dev.lstmlm.model.TokenizerKind;
import dev.lstmlm.tensor.Compute;
import dev.lstmlm.web.Browser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The playground page of {@code lstmlm serve} in a real (headless) Chromium against the real server:
 * what the page shows is compared with what the endpoints answer for the same request.
 */
class PlaygroundBrowserTest {
    private static final List<String> WORDS = List.of("<unk>", "<eos>", "the", "company", "said", "it", "expects", "to",
            "report", "a", "loss", "for", "third", "quarter", "stock", "market", "of", "in", "and", "new", "shares", "york",
            "price", "year", "million", "n't", "is", "was", "by", "on");

    @TempDir static Path dir;
    static GenerationServer server;
    static ServerFixtureClient http;

    @BeforeAll
    static void serve() throws Exception {
        Path file = TestModels.save(dir.resolve("words.safetensors"), TestModels.random(WORDS.size(), 64, 0.6f, 5),
                TokenizerKind.WORD, WORDS);
        Checkpoint.Loaded loaded = Checkpoint.load(file, Compute.create(1));
        server = new GenerationServer(loaded.model(), Tokenizer.of(loaded.metadata()), ServerOptions.defaults(0, "words"));
        http = new ServerFixtureClient(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private String origin() {
        return "http://127.0.0.1:" + server.port();
    }

    private static void type(WebElement field, String text) {
        field.clear();
        field.sendKeys(text);
    }

    private static void assertClean(Browser b, String origin) {
        assertThat(b.consoleErrors()).isEmpty();
        assertThat(b.requestsOutside(origin)).isEmpty();
    }

    @Test
    void streamsAContinuationTokenByTokenThatEqualsTheCompletionsEndpoint() throws Exception {
        try (Browser b = Browser.start(1100, 1000)) {
            b.open(origin() + "/");
            b.await(20, d -> d.findElement(By.id("model-line")).getText().startsWith("words"));
            b.js("window.appends = [];"
                    + "new MutationObserver(() => window.appends.push([performance.now(), document.getElementById('gen-output').textContent.length]))"
                    + ".observe(document.getElementById('gen-output'), {childList: true});");
            type(b.driver().findElement(By.id("prompt")), "the company said");
            type(b.driver().findElement(By.id("length")), "300");
            type(b.driver().findElement(By.id("seed")), "7");
            type(b.driver().findElement(By.id("temperature")), "0.9");
            type(b.driver().findElement(By.id("top-k")), "12");
            type(b.driver().findElement(By.id("top-p")), "0.95");
            b.driver().findElement(By.id("generate")).click();
            b.await(60, d -> d.findElement(By.id("gen-output")).getAttribute("data-state").equals("done"));
            String shown = (String) b.js("return document.getElementById('gen-output').textContent;");

            JsonNode direct = http.postJson("/v1/completions", "{\"prompt\": \"the company said\", \"max_tokens\": 300, \"seed\": 7,"
                    + " \"temperature\": 0.9, \"top_k\": 12, \"top_p\": 0.95}");
            assertThat(shown).isEqualTo(direct.at("/choices/0/text").asText());
            int tokens = Integer.parseInt(b.driver().findElement(By.id("gen-output")).getAttribute("data-tokens"));
            assertThat(tokens).isEqualTo(direct.at("/usage/completion_tokens").asInt());
            // the text grew in many steps, not in one piece at the end
            @SuppressWarnings("unchecked")
            List<List<Number>> appends = (List<List<Number>>) b.js("return window.appends;");
            assertThat(appends).hasSizeGreaterThan(1);
            List<Long> lengths = new ArrayList<>();
            for (List<Number> a : appends) lengths.add(a.get(1).longValue());
            assertThat(lengths).isSorted().doesNotHaveDuplicates();
            assertThat(lengths.getFirst()).isLessThan(shown.length());
            assertThat(b.driver().findElement(By.id("gen-status")).getText()).startsWith(tokens + " tokens");

            // greedy: temperature 0, the same text as the endpoint's argmax
            b.driver().findElement(By.id("greedy")).click();
            type(b.driver().findElement(By.id("length")), "20");
            b.driver().findElement(By.id("generate")).click();
            b.await(60, d -> d.findElement(By.id("gen-output")).getAttribute("data-tokens").equals("20")
                    && d.findElement(By.id("gen-output")).getAttribute("data-state").equals("done"));
            JsonNode greedy = http.postJson("/v1/completions", "{\"prompt\": \"the company said\", \"max_tokens\": 20, \"temperature\": 0}");
            assertThat(b.js("return document.getElementById('gen-output').textContent;")).isEqualTo(greedy.at("/choices/0/text").asText());
            assertClean(b, origin());
        }
    }

    @Test
    void theNextWordBarsShowTheEndpointsProbabilitiesAndAClickAppendsTheWord() throws Exception {
        try (Browser b = Browser.start(1100, 1000)) {
            b.open(origin() + "/");
            WebElement text = b.driver().findElement(By.id("next-text"));
            type(b.driver().findElement(By.id("next-k")), "7");
            type(text, "the stock");
            b.await(20, d -> d.findElements(By.cssSelector("#next-bars .bar")).size() == 7
                    && d.findElement(By.id("next-text")).getAttribute("value").equals("the stock"));
            Thread.sleep(400); // let the last keystroke's request land
            JsonNode next = http.postJson("/v1/next", "{\"prime\": \"the stock\", \"k\": 7}").get("next");
            List<WebElement> bars = b.driver().findElements(By.cssSelector("#next-bars .bar"));
            assertThat(bars).hasSize(7);
            // The two requests may have run in batches of different sizes (continuous batching), whose float32
            // products round differently: probabilities agree to float32 rounding, not to the last bit.
            for (int i = 0; i < 7; i++) {
                assertThat(bars.get(i).getAttribute("data-token")).isEqualTo(next.get(i).get("token").asText());
                assertThat(Double.parseDouble(bars.get(i).getAttribute("data-prob"))).isCloseTo(next.get(i).get("prob").asDouble(), within(1e-6));
            }
            String first = next.get(0).get("text").asText();
            bars.get(0).click();
            b.await(20, d -> d.findElement(By.id("next-text")).getAttribute("value").equals("the stock" + first));
            JsonNode after = http.postJson("/v1/next", "{\"prime\": \"the stock" + first + "\", \"k\": 7}").get("next");
            b.await(20, d -> d.findElement(By.cssSelector("#next-bars .bar")).getAttribute("data-token").equals(after.get(0).get("token").asText()));
            // keyboard: Tab reaches the bars, Enter appends
            WebElement bar = b.driver().findElement(By.cssSelector("#next-bars .bar"));
            String token = after.get(0).get("text").asText();
            bar.sendKeys(Keys.ENTER);
            b.await(20, d -> d.findElement(By.id("next-text")).getAttribute("value").equals("the stock" + first + token));
            assertClean(b, origin());
        }
    }

    @Test
    void scoringShadesExactlyTheEndpointsTokensAndHoverShowsTheirProbability() throws Exception {
        try (Browser b = Browser.start(1100, 1000)) {
            b.open(origin() + "/");
            String sentence = "the company said it expects to report a loss for the zyzzyva quarter";
            type(b.driver().findElement(By.id("score-text")), sentence);
            b.driver().findElement(By.id("score")).click();
            b.await(20, d -> !d.findElement(By.id("score-tokens")).getAttribute("data-tokens").equals("0"));
            JsonNode r = http.postJson("/v1/score", "{\"texts\": [\"" + sentence + "\"], \"per_token\": true}").at("/results/0");
            List<WebElement> shaded = b.driver().findElements(By.cssSelector("#score-tokens .tok"));
            assertThat(shaded).hasSize(r.get("tokens").asInt());
            for (int i = 0; i < shaded.size(); i++) {
                assertThat(Double.parseDouble(shaded.get(i).getAttribute("data-logprob")))
                        .isCloseTo(r.get("token_logprobs").get(i).asDouble(), within(1e-6));
                assertThat(shaded.get(i).getCssValue("background-color")).startsWith("rgba(225, 87, 89,");
            }
            assertThat(b.driver().findElement(By.cssSelector("[data-stat='OOV']")).getText()).isEqualTo("1");
            assertThat(b.driver().findElement(By.cssSelector("[data-stat='perplexity']")).getText())
                    .isEqualTo(String.format(java.util.Locale.ROOT, "%.2f", r.get("ppl").asDouble()));
            assertThat(b.driver().findElement(By.cssSelector("[data-stat='log-probability']")).getText())
                    .isEqualTo(String.format(java.util.Locale.ROOT, "%.2f", r.get("logprob").asDouble()));

            new Actions(b.driver()).moveToElement(shaded.get(1)).perform();
            b.await(10, d -> d.findElement(By.id("tip")).isDisplayed());
            assertThat(b.driver().findElement(By.id("tip")).getText()).contains("company").contains("rank").contains("1.");
            assertClean(b, origin());
        }
    }

    @Test
    void fitsAPhoneWidthScreenAndTheModelCardShowsTheModel() throws Exception {
        try (Browser b = Browser.start(390, 844)) {
            b.open(origin() + "/");
            b.await(20, d -> d.findElements(By.cssSelector("#model-card td")).size() > 4);
            assertThat(b.driver().findElement(By.id("model-card")).getText()).contains("vocab size 30").contains("hidden size 64");
            b.await(20, d -> d.findElements(By.cssSelector("#next-bars .bar")).size() == 10);
            long overflow = (Long) b.js("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(overflow).as("horizontal scrolling at 390 px").isLessThanOrEqualTo(0);
            assertClean(b, origin());
        }
    }
}
