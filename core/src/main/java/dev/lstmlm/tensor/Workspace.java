package dev.lstmlm.tensor;

/**
 * One thread's packing buffers for {@link VectorGemm} and its job objects for the {@link WorkerPool},
 * allocated on first use and grown when a larger block arrives, so that steady-state calls allocate
 * nothing.
 */
final class Workspace {
    private static final ThreadLocal<Workspace> CALLER = ThreadLocal.withInitial(Workspace::new);

    private float[] a = new float[0];
    private float[] b = new float[0];
    /** The arguments of the call this thread is making, handed to the pool's workers. */
    final GemmJob job = new GemmJob();
    /** The task of a {@link WorkerPool#forEachChunk} call, apart, so that a product inside a chunk cannot overwrite it. */
    final WorkerPool.TaskJob taskJob = new WorkerPool.TaskJob();
    /** One tile of accumulators on its way from the micro-kernel to C. */
    final float[] tile = new float[BlockedGemm.MR * MicroKernels.NR];
    /** Two 16×16 blocks for the in-register rounds of a transposing pack. */
    final float[] transpose = new float[2 * 256];
    /** Row offsets for the gathers of a transposing pack. */
    final int[] index = new int[MicroKernels.L];
    /** Scratch of the one-row kernel, {@link MatVec}. */
    final float[] matvec = MatVec.newScratch();
    /** Scratch for one folded 4×4 block of the dot-product kernel. */
    final float[] tmp = new float[16];

    /** The workspace of the calling thread. */
    static Workspace current() {
        return CALLER.get();
    }

    private GemmJob packedJob;
    private long packedStamp;

    /**
     * Whether this workspace's A buffer already holds the packed A of the job's current call; if
     * not, records that it will from now on (the caller packs it next).
     */
    boolean holdsPackedA(GemmJob job) {
        if (packedJob == job && packedStamp == job.stamp) {
            return true;
        }
        packedJob = job;
        packedStamp = job.stamp;
        return false;
    }

    float[] a(int size) {
        if (a.length < size) {
            a = new float[size];
            packedJob = null;
        }
        return a;
    }

    float[] b(int size) {
        if (b.length < size) {
            b = new float[size];
        }
        return b;
    }
}
