package dev.lstmlm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lstmlm.UserError;
import dev.lstmlm.data.TokenSequence;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
    private static TokenSequence random(int n) {
        Random r = new Random(n);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = r.nextInt(5);
        return TokenSequence.of(ids);
    }

    @Test
    void sequentialScoresEveryTokenWhateverTheChunk() {
        TokenSequence data = random(103);
        Evaluator.Score one = Evaluator.sequential(new FakeModel(5, 1), data, 1, () -> false);
        Evaluator.Score chunked = Evaluator.sequential(new FakeModel(5, 1), data, 7, () -> false);
        assertThat(one.steps()).isEqualTo(102);
        assertThat(chunked.steps()).isEqualTo(102);
        assertThat(chunked.cost()).isCloseTo(one.cost(), within(1e-9));
        // B = 1, T = 1 windows of TF's producer are exactly these 102 predictions
        Evaluator.Score tf = Evaluator.batched(new FakeModel(5, 1), data, 1, 1, () -> false);
        assertThat(tf.steps()).isEqualTo(102);
        assertThat(tf.cost()).isCloseTo(one.cost(), within(1e-9));
    }

    @Test
    void cyclicPredictsEveryCharacterAndTheFirstFromTheLast() {
        // the Udacity notebook's validation of n characters = n predictions of the text with its first character appended
        TokenSequence data = random(103);
        int[] wrapped = java.util.Arrays.copyOf(data.toArray(), 104);
        wrapped[103] = data.get(0);
        Evaluator.Score cyclic = Evaluator.cyclic(new FakeModel(5, 1), data, 10, () -> false);
        Evaluator.Score reference = Evaluator.sequential(new FakeModel(5, 1), TokenSequence.of(wrapped), 1, () -> false);
        assertThat(cyclic.steps()).isEqualTo(103);
        assertThat(cyclic.cost()).isCloseTo(reference.cost(), within(1e-9));
    }

    @Test
    void batchedFollowsThePtbProducer() {
        // 103 tokens in 4 rows of 25; (25 - 1) / 5 = 4 windows of 5 steps
        Evaluator.Score s = Evaluator.batched(new FakeModel(5, 1), random(103), 4, 5, () -> false);
        assertThat(s.steps()).isEqualTo(20);
    }

    @Test
    void perplexityAndBitsComeFromTheMeanLoss() {
        Evaluator.Score s = new Evaluator.Score(20 * Math.log(4), 20);
        assertThat(s.perplexity()).isCloseTo(4, within(1e-12));
        assertThat(s.bitsPerToken()).isCloseTo(2, within(1e-12));
    }

    @Test
    void stopsWhenAsked() {
        FakeModel m = new FakeModel(5, 1);
        assertThatThrownBy(() -> Evaluator.sequential(m, random(103), 7, () -> m.evalWindows >= 2))
                .isInstanceOf(Evaluator.Stopped.class);
        assertThat(m.evalWindows).isEqualTo(2);
    }

    @Test
    void needsTwoTokens() {
        assertThatThrownBy(() -> Evaluator.sequential(new FakeModel(5, 1), TokenSequence.of(3), 7, () -> false))
                .isInstanceOf(UserError.class).hasMessageContaining("needs at least 2");
    }
}
