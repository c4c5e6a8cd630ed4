package dev.lstmlm.spark;

import org.apache.spark.sql.SparkSession;

/** The SparkSession of a job: the given master, or the one spark-submit sets, else local mode on all cores. */
final class Sessions {
    private Sessions() {}

    static SparkSession create(String master, String name) {
        SparkSession.Builder b = SparkSession.builder().appName(name);
        String m = master != null ? master : System.getProperty("spark.master", "local[*]");
        b.master(m);
        if (m.startsWith("local")) {
            // One machine: no web UI, and the driver on the loopback interface whatever the host name resolves to.
            b.config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1");
        }
        return b.getOrCreate();
    }
}
