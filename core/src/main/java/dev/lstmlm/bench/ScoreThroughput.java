package dev.lstmlm.bench;

import dev.lstmlm.score.LineScore;
import dev.lstmlm.score.ScoreOptions;
import dev.lstmlm.score.Scorer;
import java.util.List;

/**
 * Lines and tokens per second of {@link Scorer} on a list of lines (the PTB test set: 3,761 lines,
 * 82,430 tokens with their end symbols), whole passes over the list repeated for a warm-up and then
 * for the timed part: the lstmlm side of {@code bench/score-bench.sh}, whose PyTorch twin
 * ({@code bench/pytorch_score.py}) scores the same lines the same way.
 */
public final class ScoreThroughput {
    /**
     * @param passes whole passes over the lines in the timed part
     * @param logprob Σ log-probability of one pass, in nats (the same for every pass)
     */
    public record Result(long lines, long tokens, long passes, double elapsedSeconds, double logprob) {
        public double linesPerSecond() {
            return lines / elapsedSeconds;
        }

        public double tokensPerSecond() {
            return tokens / elapsedSeconds;
        }
    }

    private ScoreThroughput() {}

    /** Passes over {@code lines} for {@code warmupSeconds}, then for at least {@code seconds} (at least one pass). */
    public static Result run(Scorer scorer, List<String> lines, ScoreOptions options, double warmupSeconds, double seconds) {
        long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        while (warmupSeconds > 0 && System.nanoTime() < warmEnd) scorer.score(lines, options);
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        long passes = 0, tokens = 0;
        double logprob = 0;
        do {
            List<LineScore> scores = scorer.score(lines, options);
            if (passes == 0) {
                for (LineScore s : scores) {
                    tokens += s.tokens();
                    logprob += s.logprob();
                }
            }
            passes++;
        } while (System.nanoTime() < end);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        return new Result(passes * lines.size(), passes * tokens, passes, elapsed, logprob);
    }
}
