package dev.lstmlm.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WordTableTest {
    @Test
    void idsFollowInsertionOrderAndLookupsFindThem() {
        WordTable t = new WordTable();
        assertThat(t.add("the")).isZero();
        assertThat(t.add("<unk>")).isEqualTo(1);
        assertThat(t.add("the")).isZero();
        assertThat(t.add("")).isEqualTo(2);
        assertThat(t.find("<unk>")).isEqualTo(1);
        assertThat(t.find("th")).isEqualTo(-1);
        assertThat(t.word(1)).isEqualTo("<unk>");
        assertThat(t.size()).isEqualTo(3);
    }

    @Test
    void agreesWithAHashMapThroughManyGrowths() {
        WordTable t = new WordTable();
        Map<String, Integer> reference = new HashMap<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            // Lengths up to 40 force the arena to grow; colliding String hashes ("Aa" vs "BB") are included.
            String w = random.nextInt(10) == 0 ? (random.nextBoolean() ? "Aa" : "BB") + random.nextInt(50)
                    : Long.toString(random.nextLong(1L << random.nextInt(1, 63)), 36).repeat(random.nextInt(1, 4));
            Integer expected = reference.computeIfAbsent(w, k -> reference.size());
            char[] c = ("##" + w + "#").toCharArray();
            assertThat(t.add(c, 2, w.length(), w.hashCode())).isEqualTo(expected);
        }
        assertThat(t.size()).isEqualTo(reference.size());
        reference.forEach((w, id) -> {
            assertThat(t.find(w)).isEqualTo(id);
            assertThat(t.word(id)).isEqualTo(w);
        });
        assertThat(t.find("not-in-the-table")).isEqualTo(-1);
    }
}
