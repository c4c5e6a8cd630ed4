package dev.lstmlm.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lstmlm.UserError;
import dev.lstmlm.data.CharAlphabet;
import dev.lstmlm.data.Vocabulary;
import dev.lstmlm.model.LanguageModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class BeamTest {
    static final List<String> WORDS = List.of("<unk>", "<eos>", "the", "cat", "sat");

    /** ln p of {@code ids} after {@code context}, one step at a time, in double precision. */
    static double logprob(LanguageModel model, int[] context, int[] ids) {
        LanguageModel.State state = model.newState(1);
        float[] logits = new float[model.config().vocabSize()];
        for (int id : context) model.step(id, state, logits);
        double sum = 0;
        for (int id : ids) {
            double max = Double.NEGATIVE_INFINITY;
            for (float z : logits) max = Math.max(max, z);
            double s = 0;
            for (float z : logits) s += Math.exp(z - max);
            sum += logits[id] - max - Math.log(s);
            model.step(id, state, logits);
        }
        return sum;
    }

    @Test
    void aWideEnoughBeamFindsTheMostLikelySequencesThatEnumerationFinds() {
        LanguageModel model = TestModels.random(5, 8, 0.8f, 3);
        Beam beam = new Beam(model, new WordTokenizer(Vocabulary.of(WORDS)));
        int[] prime = {2, 3};
        int length = 3;
        // N >= V^(L-1) = 25: no sequence among the 25 best can have fallen out of the beam.
        List<Beam.Result> got = beam.search(prime, 25, length);
        record Seq(int[] ids, double logprob) {}
        List<Seq> all = new ArrayList<>();
        for (int a = 0; a < 5; a++) for (int b = 0; b < 5; b++) for (int c = 0; c < 5; c++) {
            int[] ids = {a, b, c};
            all.add(new Seq(ids, logprob(model, new int[] {1, 2, 3}, ids)));
        }
        all.sort(Comparator.comparingDouble(Seq::logprob).reversed());
        assertThat(got).hasSize(25);
        for (int i = 0; i < 25; i++) {
            assertThat(got.get(i).ids()).as("rank %d", i).containsExactly(all.get(i).ids());
            assertThat(got.get(i).logprob()).isCloseTo(all.get(i).logprob(), within(1e-5));
        }
    }

    @Test
    void widthOneIsGreedyDecoding() {
        LanguageModel model = TestModels.random(5, 8, 0.8f, 9);
        WordTokenizer tokenizer = new WordTokenizer(Vocabulary.of(WORDS));
        Beam.Result best = new Beam(model, tokenizer).search(new int[] {2}, 1, 12).getFirst();
        String greedy = new Generator(model, tokenizer).generate(new int[] {2}, 12, new Sampler(5, SamplerOptions.argmax(), 0), (id, t) -> {});
        assertThat(best.text()).isEqualTo(greedy);
        assertThat(best.logprob()).isCloseTo(logprob(model, new int[] {1, 2}, best.ids()), within(1e-4));
    }

    @Test
    void theCycleModelsBestContinuationIsItsCycleAndTheRestAreLessLikely() {
        int[] next = {2, 2, 3, 4, 1};
        Beam beam = new Beam(TestModels.cycle(next), new WordTokenizer(Vocabulary.of(WORDS)));
        List<Beam.Result> r = beam.search(new int[] {2}, 3, 4);
        assertThat(r).hasSize(3);
        assertThat(r.get(0).text()).isEqualTo(" cat sat\nthe");
        assertThat(r.get(0).logprob()).isGreaterThan(-1e-3);
        assertThat(r.get(1).logprob()).isLessThan(r.get(0).logprob() - 10);
        assertThat(r.get(2).logprob()).isLessThanOrEqualTo(r.get(1).logprob());
    }

    @Test
    void aBeamWiderThanTheVocabularyKeepsEveryToken() {
        Beam beam = new Beam(TestModels.random(5, 4, 0.5f, 1), new WordTokenizer(Vocabulary.of(WORDS)));
        assertThat(beam.search(new int[0], 8, 1)).hasSize(5);
        assertThat(beam.search(new int[0], 8, 2)).hasSize(8);
    }

    @Test
    void badArgumentsAreUserErrors() {
        Beam words = new Beam(TestModels.random(5, 4, 0.5f, 1), new WordTokenizer(Vocabulary.of(WORDS)));
        assertThatThrownBy(() -> words.search(new int[] {2}, 0, 3)).isInstanceOf(UserError.class).hasMessageContaining("at least 1");
        int[] next = new int[27];
        for (int x = 0; x < 27; x++) next[x] = (x + 1) % 27;
        Beam letters = new Beam(TestModels.cycle(next), new CharTokenizer(CharAlphabet.letters()));
        assertThatThrownBy(() -> letters.search(new int[0], 2, 3)).isInstanceOf(UserError.class).hasMessageContaining("needs a prime");
        assertThat(letters.search(new int[] {1}, 1, 3).getFirst().text()).isEqualTo("bcd");
    }
}
