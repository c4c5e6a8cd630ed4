package dev.lstmlm.tensor;

import dev.lstmlm.UserError;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one vector shape every fast kernel uses, chosen once per process: the widest the machine
 * runs natively ({@link VectorShape#preferredShape()}: 512 bits with AVX-512, 256 with AVX2), or the
 * width named by the system property {@value #PROPERTY} (128, 256 or 512; a width wider than the
 * hardware's runs in the Vector API's Java fallback, hundreds of times slower, so it is only for
 * reproducing another machine's bits). A 512-bit kernel on an AVX2-only CPU ran at 48 words/s of
 * ptb-small training (emulated lanes, every vector boxed) instead of thousands.
 */
public final class Simd {
    /** System property that forces the vector width in bits. */
    public static final String PROPERTY = "lstmlm.vector.bits";

    /** The shape of every kernel's vectors. */
    public static final VectorShape SHAPE = chooseShape();
    public static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class, SHAPE);
    public static final VectorSpecies<Double> DOUBLES = VectorSpecies.of(double.class, SHAPE);
    public static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, SHAPE);
    public static final VectorSpecies<Long> LONGS = VectorSpecies.of(long.class, SHAPE);

    private Simd() {}

    /** Vector width in bits. */
    public static int bits() {
        return SHAPE.vectorBitSize();
    }

    private static VectorShape chooseShape() {
        String forced = System.getProperty(PROPERTY);
        if (forced == null || forced.isBlank()) {
            VectorShape preferred = VectorShape.preferredShape();
            // Narrower than 128 bits (no SIMD at all) is not worth a kernel; 128 still is.
            return preferred.vectorBitSize() >= 128 ? preferred : VectorShape.S_128_BIT;
        }
        return switch (forced.trim()) {
            case "128" -> VectorShape.S_128_BIT;
            case "256" -> VectorShape.S_256_BIT;
            case "512" -> VectorShape.S_512_BIT;
            default -> throw new UserError("-D" + PROPERTY + "=" + forced
                    + " is not a vector width: use 128, 256 or 512.");
        };
    }
}
