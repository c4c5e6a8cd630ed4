package dev.lstmlm.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.data.CharAlphabet;
import dev.lstmlm.data.CodePointAlphabet;
import dev.lstmlm.data.Vocabulary;
import dev.lstmlm.model.LanguageModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GeneratorTest {
    static final List<String> WORDS = List.of("<unk>", "<eos>", "the", "cat", "sat");
    /** unk → the, eos → the, the → cat, cat → sat, sat → eos */
    static final int[] WORD_CYCLE = {2, 2, 3, 4, 1};

    private static Generator words() {
        return new Generator(TestModels.cycle(WORD_CYCLE), new WordTokenizer(Vocabulary.of(WORDS)));
    }

    private static Generator letters() {
        int[] next = new int[27];
        for (int x = 0; x < 27; x++) next[x] = (x + 1) % 27;
        return new Generator(TestModels.cycle(next), new CharTokenizer(CharAlphabet.letters()));
    }

    private static Sampler greedy() {
        return new Sampler(5, SamplerOptions.argmax(), 0);
    }

    @Test
    void aWordModelWithoutPrimeStartsAfterALineEndAndPrintsEosAsALineBreak() {
        List<Integer> ids = new ArrayList<>();
        StringBuilder printed = new StringBuilder();
        String text = words().generate(new int[0], 8, greedy(), (id, piece) -> {
            ids.add(id);
            printed.append(piece);
        });
        assertThat(text).isEqualTo("the cat sat\nthe cat sat\n");
        assertThat(printed.toString()).isEqualTo(text);
        assertThat(ids).containsExactly(2, 3, 4, 1, 2, 3, 4, 1);
    }

    @Test
    void thePrimeWarmsTheStateAndTheSampleContinuesIt() {
        Generator g = words();
        Tokenizer.Encoded prime = g.tokenizer().encode("the cat");
        assertThat(g.generate(prime.ids(), 3, greedy(), (id, piece) -> {})).isEqualTo(" sat\nthe");
        assertThat(g.generate(g.tokenizer().encode("sat\n").ids(), 2, greedy(), (id, piece) -> {})).isEqualTo("the cat");
    }

    @Test
    void tokensReachTheSinkInOrderOneByOneAsTheyAreDrawn() {
        List<String> pieces = new ArrayList<>();
        RuntimeException stop = new RuntimeException("stop");
        assertThatThrownBy(() -> letters().generate(CharAlphabet.letters().encode("a"), 100,
                new Sampler(27, SamplerOptions.argmax(), 0), (id, piece) -> {
                    pieces.add(piece);
                    if (pieces.size() == 3) throw stop;
                })).isSameAs(stop);
        assertThat(pieces).containsExactly("b", "c", "d");
    }

    @Test
    void aCharacterModelWithoutPrimeStartsFromARandomSymbolThatTheSeedFixes() {
        Set<Character> starts = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            String a = letters().generate(new int[0], 4, new Sampler(27, SamplerOptions.argmax(), seed), (id, piece) -> {});
            String b = letters().generate(new int[0], 4, new Sampler(27, SamplerOptions.argmax(), seed), (id, piece) -> {});
            assertThat(a).hasSize(4).isEqualTo(b);
            char first = a.charAt(0);
            char second = first == 'z' ? ' ' : first == ' ' ? 'a' : (char) (first + 1);
            assertThat(a.charAt(1)).isEqualTo(second);
            starts.add(first);
        }
        assertThat(starts.size()).isGreaterThan(15);
    }

    @Test
    void aCodePointModelNeverStartsFromTheUnknownSymbol() {
        CodePointAlphabet alphabet = CodePointAlphabet.of("ab".codePoints().toArray());
        Generator g = new Generator(TestModels.cycle(new int[] {1, 2, 1}), new CharTokenizer(alphabet));
        Set<String> starts = new HashSet<>();
        for (long seed = 0; seed < 50; seed++) {
            starts.add(g.generate(new int[0], 1, new Sampler(3, SamplerOptions.sampling(), seed), (id, piece) -> {}));
        }
        assertThat(starts).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aCodePointModelStartsAfterASilentLineBreakWithOrWithoutPrime() {
        // ids: 0 unknown, 1 '\n', 2 'a', 3 'b'; the model maps '\n' → a → b → '\n'
        CodePointAlphabet alphabet = CodePointAlphabet.of("\nab".codePoints().toArray());
        CharTokenizer tokenizer = new CharTokenizer(alphabet);
        assertThat(tokenizer.words()).isFalse();
        assertThat(tokenizer.startContext()).isEqualTo(1);
        Generator g = new Generator(TestModels.cycle(new int[] {2, 2, 3, 1}), tokenizer);
        for (long seed = 0; seed < 20; seed++) {
            // the first symbol comes from the model after the line break, never from a uniform draw
            assertThat(g.generate(new int[0], 4, new Sampler(4, SamplerOptions.argmax(), seed), (id, piece) -> {}))
                    .isEqualTo("ab\na");
        }
        assertThat(g.generate(tokenizer.encode("b").ids(), 3, new Sampler(4, SamplerOptions.argmax(), 0), (id, piece) -> {}))
                .isEqualTo("\nab");
        assertThat(new CharTokenizer(CharAlphabet.letters()).startContext()).as("the Udacity alphabet").isEqualTo(-1);
    }

    @Test
    void aWordModelWithoutEosNeedsAPrime() {
        Generator g = new Generator(TestModels.cycle(new int[] {1, 2, 0}), new WordTokenizer(Vocabulary.of(List.of("a", "b", "c"))));
        assertThatThrownBy(() -> g.generate(new int[0], 3, new Sampler(3, SamplerOptions.argmax(), 0), (id, piece) -> {}))
                .isInstanceOf(dev.lstmlm.UserError.class).hasMessageContaining("give a --prime");
        assertThat(g.generate(new int[] {0}, 3, new Sampler(3, SamplerOptions.argmax(), 0), (id, piece) -> {})).isEqualTo(" b c a");
    }

    @Test
    void theSameSeedGivesTheSameSampleAndEachSampleStartsFromAFreshState() {
        LanguageModel model = TestModels.random(27, 16, 0.5f, 3);
        Generator g = new Generator(model, new CharTokenizer(CharAlphabet.letters()));
        int[] prime = CharAlphabet.letters().encode("the ");
        String a = g.generate(prime, 60, new Sampler(27, SamplerOptions.sampling(), 9), (id, piece) -> {});
        String b = g.generate(prime, 60, new Sampler(27, SamplerOptions.sampling(), 9), (id, piece) -> {});
        String c = g.generate(prime, 60, new Sampler(27, SamplerOptions.sampling(), 10), (id, piece) -> {});
        assertThat(a).hasSize(60).isEqualTo(b).isNotEqualTo(c);

        Sampler greedy = new Sampler(27, SamplerOptions.argmax(), 0);
        assertThat(g.generate(prime, 30, greedy, (id, piece) -> {})).isEqualTo(g.generate(prime, 30, greedy, (id, piece) -> {}));
    }

    @Test
    void rejectsAMismatchedSamplerOrPrimeToken() {
        Generator g = words();
        assertThatThrownBy(() -> g.generate(new int[0], 3, new Sampler(4, SamplerOptions.argmax(), 0), (id, piece) -> {}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> g.generate(new int[] {5}, 3, greedy(), (id, piece) -> {}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> g.generate(new int[0], 0, greedy(), (id, piece) -> {}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
