package dev.lstmlm.score;

import java.util.List;

/**
 * The score of one text: Σ ln p(token | start symbol, tokens before it) over its tokens and its
 * end symbol (see {@link Scorer} for what the start and end symbols are).
 *
 * @param text the text as given
 * @param tokens tokens scored, the end symbol included
 * @param oov how many of them the model does not know (scored as {@code <unk>} or the unknown character)
 * @param logprob the sum of their log-probabilities, in nats
 * @param oovLogprob the part of {@code logprob} that the OOV tokens contribute
 * @param pieces with per-token scores: the text of each token, in order (else empty)
 * @param tokenLogprobs with per-token scores: each token's log-probability, in nats (else empty)
 * @param alternatives with {@link ScoreOptions#top()} &gt; 0: at each position the most likely
 *     tokens, best first (else empty)
 */
public record LineScore(String text, int tokens, int oov, double logprob, double oovLogprob, List<String> pieces,
                        double[] tokenLogprobs, List<List<Alternative>> alternatives) {

    /** A token the model could have put at a position, with its log-probability in nats. */
    public record Alternative(String token, int id, double logprob) {}

    public LineScore {
        pieces = List.copyOf(pieces);
        tokenLogprobs = tokenLogprobs.clone();
        alternatives = List.copyOf(alternatives);
    }

    @Override
    public double[] tokenLogprobs() {
        return tokenLogprobs.clone();
    }

    /** exp(−logprob / tokens): the perplexity of this text alone, KenLM's per-sentence figure (1 for no tokens). */
    public double perplexity() {
        return tokens == 0 ? 1 : Math.exp(-logprob / tokens);
    }
}
