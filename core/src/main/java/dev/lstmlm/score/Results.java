package dev.lstmlm.score;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds a {@link LineScore} from a line's tokens and the log-probabilities a scorer found for them. */
final class Results {
    private Results() {}

    /**
     * @param lp each token's log-probability
     * @param ids with {@code top} &gt; 0: (tokens, top) ids of the best tokens at each position, -1 past the vocabulary
     * @param vals their log-probabilities
     */
    static LineScore of(TextEncoder encoder, String text, LineTokens line, double[] lp, int[] ids, float[] vals,
                        ScoreOptions options, int top) {
        double sum = 0;
        double oovSum = 0;
        for (int p = 0; p < lp.length; p++) {
            sum += lp[p];
            if (line.unknown()[p]) oovSum += lp[p];
        }
        List<String> pieces = options.perToken() ? Arrays.asList(line.pieces()) : List.of();
        double[] tokens = options.perToken() ? lp : new double[0];
        List<List<LineScore.Alternative>> alternatives = new ArrayList<>();
        for (int p = 0; top > 0 && p < lp.length; p++) {
            List<LineScore.Alternative> at = new ArrayList<>(top);
            for (int k = 0; k < top && ids[p * top + k] >= 0; k++) {
                int id = ids[p * top + k];
                at.add(new LineScore.Alternative(encoder.piece(id), id, vals[p * top + k]));
            }
            alternatives.add(at);
        }
        return new LineScore(text, lp.length, line.oov(), sum, oovSum, pieces, tokens, alternatives);
    }
}
