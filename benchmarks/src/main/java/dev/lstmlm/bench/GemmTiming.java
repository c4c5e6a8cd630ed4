package dev.lstmlm.bench;

import dev.lstmlm.tensor.Gemm;
import dev.lstmlm.tensor.Compute;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A quick timing of the products of {@link GemmBench} that also reports the calling thread's CPU
 * time, the steadier figure for one thread on cores shared with other jobs (a descheduled thread
 * stops its CPU clock, not the wall clock). For tables, prefer JMH; this is for a quick check.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp target/lstmlm.jar
 * dev.lstmlm.bench.GemmTiming THREADS [m×k×n ...]}; prints one line per shape and op: median and
 * best wall-clock GFLOP/s and median CPU-time GFLOP/s (the latter only meaningful for 1 thread).
 */
public final class GemmTiming {
    private static final String[] SHAPES = {"400x200x10000", "20x200x800", "20x400x800", "700x650x10000",
        "20x650x2600", "2000x2000x2000"};
    private static final long WARM_UP_NANOS = 6_000_000_000L;
    private static final int RUNS = 15;

    private GemmTiming() {}

    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        String[] shapes = args.length > 1 ? Arrays.copyOfRange(args, 1, args.length) : SHAPES;
        Gemm gemm = Compute.create(threads).gemm();
        System.out.println(gemm.name());
        for (String shape : shapes) {
            String[] s = shape.split("x");
            int m = Integer.parseInt(s[0]), k = Integer.parseInt(s[1]), n = Integer.parseInt(s[2]);
            SplittableRandom rnd = new SplittableRandom(42);
            float[] x = random(rnd, m * k), w = random(rnd, k * n), y = random(rnd, m * n);
            time(shape, "nn", m, k, n, () -> gemm.nn(m, n, k, 1f, x, 0, k, w, 0, n, 0f, y, 0, n));
            time(shape, "nt", m, k, n, () -> gemm.nt(m, k, n, 1f, y, 0, n, w, 0, n, 0f, x, 0, k));
            time(shape, "tn", m, k, n, () -> gemm.tn(k, n, m, 1f, x, 0, k, y, 0, n, 0f, w, 0, n));
        }
    }

    private static void time(String shape, String op, int m, int k, int n, Runnable product) {
        double flop = 2.0 * m * k * n;
        int reps = (int) Math.max(1, 2e8 / flop);
        for (long end = System.nanoTime() + WARM_UP_NANOS; System.nanoTime() < end; ) {
            product.run();
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[] wall = new double[RUNS], cpu = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long c0 = mx.getCurrentThreadCpuTime(), t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                product.run();
            }
            wall[i] = (System.nanoTime() - t0) / (double) reps;
            cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / (double) reps;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf("%-15s %s  wall median %5.0f best %5.0f GFLOP/s (%,.1f us)  cpu median %5.0f GFLOP/s%n",
                shape, op, flop / wall[RUNS / 2], flop / wall[0], wall[RUNS / 2] / 1e3, flop / cpu[RUNS / 2]);
    }

    private static float[] random(SplittableRandom rnd, int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) (rnd.nextDouble() - 0.5);
        }
        return a;
    }
}
