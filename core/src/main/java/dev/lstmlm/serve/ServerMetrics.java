package dev.lstmlm.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The server's metrics, in the Prometheus text format for {@code GET /metrics} (through Micrometer):
 * requests by endpoint and status, queue length, active sequences, tokens scored and generated, and
 * histograms of the step latency and the batch size.
 */
final class ServerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter scored;
    private final Counter generated;
    private final Timer step;
    private final DistributionSummary batch;

    ServerMetrics() {
        scored = Counter.builder("lstmlm.tokens.scored").description("Tokens whose log-probability was computed")
                .register(registry);
        generated = Counter.builder("lstmlm.tokens.generated").description("Tokens drawn by samplers").register(registry);
        step = Timer.builder("lstmlm.step").description("One batched forward step of the scheduler")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(2))
                .register(registry);
        batch = DistributionSummary.builder("lstmlm.batch.size").description("Sequences in one step")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128)
                .register(registry);
    }

    /** Registers the gauges that read the scheduler's counts. */
    void watch(IntSupplier queueLength, IntSupplier activeSequences) {
        Gauge.builder("lstmlm.queue.length", queueLength::getAsInt).description("Sequences waiting to join the batch")
                .register(registry);
        Gauge.builder("lstmlm.active.sequences", activeSequences::getAsInt).description("Sequences in the batch")
                .register(registry);
    }

    void request(String endpoint, int status) {
        Counter.builder("lstmlm.requests").description("HTTP requests by endpoint and status")
                .tag("endpoint", endpoint).tag("status", Integer.toString(status))
                .register(registry).increment();
    }

    void step(long nanos, int rows) {
        step.record(nanos, TimeUnit.NANOSECONDS);
        batch.record(rows);
    }

    void tokens(long scoredTokens, long generatedTokens) {
        if (scoredTokens > 0) scored.increment(scoredTokens);
        if (generatedTokens > 0) generated.increment(generatedTokens);
    }

    String scrape() {
        return registry.scrape();
    }
}
