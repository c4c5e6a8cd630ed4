package dev.lstmlm.train;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Turns Ctrl-C (SIGINT) and SIGTERM into a request to stop between two batches. A JVM shutdown hook
 * raises the flag the trainer polls, then holds the JVM until the trainer has saved its checkpoint and
 * the command has printed how to resume ({@link #finished}); the JVM then exits with 128 + the signal
 * number (130 for Ctrl-C), as for any signal. SIGKILL cannot be caught: the last checkpoint is then
 * the resume point.
 */
public final class GracefulStop implements BooleanSupplier, AutoCloseable {
    /** How long the hook holds the JVM for the current batch and the save: generous, for the large preset. */
    private static final long MAX_WAIT_MINUTES = 30;

    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private GracefulStop(PrintWriter err) {
        hook = new Thread(() -> {
            requested.set(true);
            err.println();
            err.println("stopping: finishing this batch and saving a checkpoint (kill -9 quits at once, losing the progress since the last checkpoint)");
            err.flush();
            try {
                finished.await(MAX_WAIT_MINUTES, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lstmlm-graceful-stop");
    }

    /** Installs the hook; close the returned object when training has returned. */
    public static GracefulStop install(PrintWriter err) {
        GracefulStop stop = new GracefulStop(err);
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    /** True once a signal asked the run to stop. */
    @Override
    public boolean getAsBoolean() {
        return requested.get();
    }

    /** Lets a held JVM exit: call after the checkpoint is saved and the resume command printed. */
    public void finished() {
        finished.countDown();
    }

    /** Removes the hook (unless the JVM is already shutting down) and releases it. */
    @Override
    public void close() {
        finished();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down; the hook, now released, ends by itself
        }
    }
}
