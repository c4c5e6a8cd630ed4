package dev.lstmlm.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lstmlm.TestData;
import dev.lstmlm.UserError;
import dev.lstmlm.data.CharAlphabet;
import dev.lstmlm.data.Vocabulary;
import dev.lstmlm.generate.TestModels;
import dev.lstmlm.model.CheckpointMetadata;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.model.ModelConfig;
import dev.lstmlm.model.TokenizerKind;
import dev.lstmlm.tensor.Compute;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ScorerTest {
    static final List<String> WORDS = List.of("<unk>", "<eos>", "the", "cat", "sat", "on", "mat", "a", "dog");
    /**
     * Per token, how far the batched path may drift from the step-by-step reference: both run the
     * same float model, and only the blocking of the products (and the float lanes of the
     * log-sum-exp) differ. Measured between batch 1 and 64 on the random model below: 1.9e-7.
     */
    static final double PER_TOKEN = 2e-5;

    static LanguageModel wordModel() {
        return TestModels.random(WORDS.size(), 16, 0.5f, 7);
    }

    static Scorer words(LanguageModel model) {
        return new Scorer(model, new CheckpointMetadata(model.config(), TokenizerKind.WORD, WORDS));
    }

    static int[] ids(String... words) {
        Vocabulary v = Vocabulary.of(WORDS);
        int[] out = new int[words.length];
        for (int i = 0; i < words.length; i++) out[i] = v.id(words[i]);
        return out;
    }

    static List<String> sentences(int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = r.nextInt(0, 30);
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < len; k++) sb.append(k == 0 ? "" : " ").append(WORDS.get(2 + r.nextInt(WORDS.size() - 2)));
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void aLineIsScoredAfterEosWithEosScoredAtTheEndAsTheStepByStepReference() {
        LanguageModel model = wordModel();
        LineScore s = words(model).score("the cat sat");
        double[] ref = Reference.logprobs(model, 1, ids("the", "cat", "sat", "<eos>"));
        assertThat(s.tokens()).isEqualTo(4);
        assertThat(s.oov()).isZero();
        assertThat(s.logprob()).isCloseTo(Reference.sum(ref), within(4 * PER_TOKEN));
        assertThat(s.perplexity()).isCloseTo(Math.exp(-Reference.sum(ref) / 4), within(1e-4));
        assertThat(s.pieces()).isEmpty();
    }

    @Test
    void perLineScoresAreTheSameForBatchSizes1And64AndEqualTheReference() {
        LanguageModel model = wordModel();
        Scorer scorer = words(model);
        List<String> texts = sentences(300, 3);
        List<LineScore> one = scorer.score(texts, ScoreOptions.lines().withBatchSize(1).withTokens(0));
        List<LineScore> many = scorer.score(texts, ScoreOptions.lines().withBatchSize(64).withTokens(0));
        List<LineScore> odd = scorer.score(texts, ScoreOptions.lines().withBatchSize(7));
        double worst = 0;
        for (int i = 0; i < texts.size(); i++) {
            String[] w = texts.get(i).isEmpty() ? new String[0] : texts.get(i).split(" ");
            String[] withEnd = java.util.Arrays.copyOf(w, w.length + 1);
            withEnd[w.length] = "<eos>";
            double[] ref = Reference.logprobs(model, 1, ids(withEnd));
            assertThat(one.get(i).text()).isEqualTo(texts.get(i));
            assertThat(many.get(i).tokens()).isEqualTo(ref.length);
            for (int p = 0; p < ref.length; p++) {
                assertThat(one.get(i).tokenLogprobs()[p]).isCloseTo(ref[p], within(PER_TOKEN));
                assertThat(many.get(i).tokenLogprobs()[p]).isCloseTo(ref[p], within(PER_TOKEN));
                worst = Math.max(worst, Math.abs(many.get(i).tokenLogprobs()[p] - one.get(i).tokenLogprobs()[p]));
            }
            assertThat(many.get(i).logprob()).isCloseTo(one.get(i).logprob(), within(ref.length * PER_TOKEN));
            assertThat(odd.get(i).logprob()).isCloseTo(one.get(i).logprob(), within(ref.length * PER_TOKEN));
        }
        assertThat(worst).isLessThan(PER_TOKEN);
    }

    @Test
    void realPtbLinesScoreTheSameInBatchesAsOneAtATime() throws Exception {
        List<String> lines = Files.readAllLines(TestData.require("ptb/ptb.valid.txt")).subList(0, 120);
        List<String> vocab = new ArrayList<>(Vocabulary.build(TestData.require("ptb/ptb.train.txt")).words());
        LanguageModel model = TestModels.random(vocab.size(), 24, 0.1f, 11);
        Scorer scorer = new Scorer(model, new CheckpointMetadata(model.config(), TokenizerKind.WORD, vocab));
        List<LineScore> batched = scorer.score(lines, ScoreOptions.lines().withBatchSize(64));
        Vocabulary v = Vocabulary.of(vocab);
        for (int i = 0; i < lines.size(); i += 7) {
            List<String> w = new ArrayList<>(dev.lstmlm.data.WordIds.words(lines.get(i)));
            w.add("<eos>");
            int[] ids = w.stream().mapToInt(v::id).toArray();
            double[] ref = Reference.logprobs(model, v.id("<eos>"), ids);
            assertThat(batched.get(i).tokens()).isEqualTo(ids.length);
            assertThat(batched.get(i).logprob()).isCloseTo(Reference.sum(ref), within(ids.length * PER_TOKEN));
        }
    }

    @Test
    void unknownWordsAreScoredAsUnkAndCountedAndAnEmptyLineScoresItsEndAlone() {
        LanguageModel model = wordModel();
        Scorer scorer = words(model);
        List<LineScore> s = scorer.score(List.of("the zebra sat on a unicorn", ""), ScoreOptions.lines().withTokens(0));
        double[] ref = Reference.logprobs(model, 1, ids("the", "<unk>", "sat", "on", "a", "<unk>", "<eos>"));
        assertThat(s.get(0).oov()).isEqualTo(2);
        assertThat(s.get(0).pieces()).containsExactly("the", "zebra", "sat", "on", "a", "unicorn", "<eos>");
        assertThat(s.get(0).logprob()).isCloseTo(Reference.sum(ref), within(7 * PER_TOKEN));
        assertThat(s.get(0).oovLogprob()).isCloseTo(ref[1] + ref[5], within(2 * PER_TOKEN));
        assertThat(s.get(1).tokens()).isEqualTo(1);
        assertThat(s.get(1).logprob()).isCloseTo(Reference.logprobs(model, 1, ids("<eos>"))[0], within(PER_TOKEN));
    }

    @Test
    void theTopAlternativesAreTheMostLikelyTokensInOrder() {
        LanguageModel model = wordModel();
        List<LineScore> s = words(model).score(List.of("the cat", "dog"), ScoreOptions.lines().withTokens(3));
        int[] line = ids("the", "cat", "<eos>");
        for (int p = 0; p < line.length; p++) {
            double[] dist = Reference.distributionAfter(model, 1, line, p);
            Integer[] order = new Integer[dist.length];
            for (int j = 0; j < order.length; j++) order[j] = j;
            java.util.Arrays.sort(order, (a, b) -> Double.compare(dist[b], dist[a]));
            List<LineScore.Alternative> alt = s.get(0).alternatives().get(p);
            assertThat(alt).hasSize(3);
            for (int k = 0; k < 3; k++) {
                assertThat(alt.get(k).id()).isEqualTo(order[k]);
                assertThat(alt.get(k).token()).isEqualTo(WORDS.get(order[k]));
                assertThat(alt.get(k).logprob()).isCloseTo(dist[order[k]], within(PER_TOKEN));
            }
        }
        assertThat(s.get(1).alternatives()).hasSize(2);
        List<LineScore> all = words(model).score(List.of("a"), ScoreOptions.lines().withTokens(50));
        assertThat(all.get(0).alternatives().get(0)).hasSize(WORDS.size());
    }

    @Test
    void aCodePointModelReadsALineBreakFirstAndScoresOneAtTheEnd() {
        List<String> symbols = List.of("\uFFFD", "\n", " ", "a", "b", "c");
        LanguageModel model = new LanguageModel(new ModelConfig(6, ModelConfig.Input.ONE_HOT, 6, 12, 2, 1f, 0f), Compute.create(1));
        model.initUniform(0.5f, 5);
        Scorer scorer = new Scorer(model, new CheckpointMetadata(model.config(), TokenizerKind.CHAR_CODEPOINT, symbols));
        LineScore s = scorer.score(List.of("ab cz"), ScoreOptions.lines().withTokens(0)).getFirst();
        double[] ref = Reference.logprobs(model, 1, new int[] {3, 4, 2, 5, 0, 1});
        assertThat(s.tokens()).isEqualTo(6);
        assertThat(s.oov()).isEqualTo(1);
        assertThat(s.pieces()).containsExactly("a", "b", " ", "c", "z", "\n");
        assertThat(s.logprob()).isCloseTo(Reference.sum(ref), within(6 * PER_TOKEN));
    }

    @Test
    void theUdacityAlphabetReadsASpaceFirstAndScoresOneAtTheEnd() {
        LanguageModel model = new LanguageModel(new ModelConfig(27, ModelConfig.Input.ONE_HOT, 27, 10, 1, 1f, 0f), Compute.create(1));
        model.initUniform(0.5f, 9);
        Scorer scorer = new Scorer(model, new CheckpointMetadata(model.config(), TokenizerKind.CHAR_UDACITY,
                CharAlphabet.letters().symbols()));
        LineScore s = scorer.score(List.of("Hi, yo"), ScoreOptions.lines().withTokens(0)).getFirst();
        double[] ref = Reference.logprobs(model, 0, new int[] {8, 9, 0, 0, 25, 15, 0});
        assertThat(s.tokens()).isEqualTo(7);
        assertThat(s.oov()).as("the comma is read as a space; the space itself is not an OOV").isEqualTo(1);
        assertThat(s.logprob()).isCloseTo(Reference.sum(ref), within(7 * PER_TOKEN));
    }

    @Test
    void manyThreadsScoringAtOnceGetWhatOneThreadGets() throws Exception {
        LanguageModel model = TestModels.random(WORDS.size(), 16, 0.5f, 7);
        model = new LanguageModel(model.config(), Compute.create(2));
        model.initUniform(0.5f, 7);
        Scorer scorer = words(model);
        List<List<String>> work = new ArrayList<>();
        for (int i = 0; i < 8; i++) work.add(sentences(40 + i, 100 + i));
        List<List<LineScore>> expected = new ArrayList<>();
        for (List<String> w : work) expected.add(scorer.score(w));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<LineScore>>> got = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (List<String> w : work) got.add(pool.submit(() -> scorer.score(w)));
            }
            for (int i = 0; i < got.size(); i++) {
                List<LineScore> e = expected.get(i % work.size());
                List<LineScore> g = got.get(i).get();
                for (int k = 0; k < e.size(); k++) assertThat(g.get(k).logprob()).isEqualTo(e.get(k).logprob());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aWordTheVocabularyLacksWithoutUnkIsAnErrorNamingIt() {
        List<String> noUnk = List.of("<eos>", "the", "cat");
        LanguageModel model = TestModels.random(3, 4, 0.5f, 1);
        Scorer scorer = new Scorer(model, new CheckpointMetadata(model.config(), TokenizerKind.WORD, noUnk));
        assertThatThrownBy(() -> scorer.score("the zebra")).isInstanceOf(UserError.class).hasMessageContaining("\"zebra\"");
        assertThatThrownBy(() -> ScoreOptions.lines().withBatchSize(0)).isInstanceOf(UserError.class);
    }
}
