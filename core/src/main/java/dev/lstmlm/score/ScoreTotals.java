package dev.lstmlm.score;

/**
 * Totals over the texts scored, with perplexity both ways KenLM's {@code query} reports it:
 * including OOVs (every token, the OOVs scored as {@code <unk>}) and excluding them (their tokens
 * and log-probabilities left out of both sums).
 */
public final class ScoreTotals {
    private long lines;
    private long tokens;
    private long oov;
    private double logprob;
    private double oovLogprob;

    public void add(LineScore s) {
        lines++;
        tokens += s.tokens();
        oov += s.oov();
        logprob += s.logprob();
        oovLogprob += s.oovLogprob();
    }

    public long lines() {
        return lines;
    }

    public long tokens() {
        return tokens;
    }

    public long oov() {
        return oov;
    }

    /** Σ log-probability over every token, in nats. */
    public double logprob() {
        return logprob;
    }

    /** exp(−Σ logprob / tokens). */
    public double perplexity() {
        return tokens == 0 ? Double.NaN : Math.exp(-logprob / tokens);
    }

    /** The same without the OOV tokens. */
    public double perplexityExcludingOov() {
        return tokens == oov ? Double.NaN : Math.exp(-(logprob - oovLogprob) / (tokens - oov));
    }
}
