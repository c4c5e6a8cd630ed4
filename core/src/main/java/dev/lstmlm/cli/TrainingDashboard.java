package dev.lstmlm.cli;

import dev.lstmlm.dashboard.DashboardServer;
import dev.lstmlm.dashboard.LiveProgress;
import dev.lstmlm.train.RunDirectory;
import dev.lstmlm.train.TrainingListener;
import java.io.PrintWriter;
import java.util.function.BooleanSupplier;

/** The dashboard of {@code lstmlm train --ui}, or nothing without the flag. */
final class TrainingDashboard implements AutoCloseable {
    private final LiveProgress live;
    private final DashboardServer server;

    private TrainingDashboard(LiveProgress live, DashboardServer server) {
        this.live = live;
        this.server = server;
    }

    /** @param port null for no dashboard */
    static TrainingDashboard start(Integer port, RunDirectory run, PrintWriter err) {
        if (port == null) return new TrainingDashboard(null, null);
        if (port < 0 || port > 65535) throw new dev.lstmlm.UserError("--ui takes a port between 0 and 65535, not " + port);
        LiveProgress live = new LiveProgress();
        DashboardServer server = new DashboardServer(run.dir(), live, "127.0.0.1", port, err);
        err.println("dashboard: http://127.0.0.1:" + server.port() + "/");
        err.flush();
        return new TrainingDashboard(live, server);
    }

    TrainingListener listener() {
        return live == null ? TrainingListener.NONE : live;
    }

    /** The trainer's stop flag: Ctrl-C, or the page's stop button. */
    BooleanSupplier stop(BooleanSupplier signal) {
        return live == null ? signal : () -> signal.getAsBoolean() || live.stopRequested();
    }

    /** Sends the run's last lines (the summary) to the page, then stops serving. */
    @Override
    public void close() {
        if (server == null) return;
        server.refresh();
        server.close();
    }
}
