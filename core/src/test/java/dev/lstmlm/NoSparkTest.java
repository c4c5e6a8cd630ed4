package dev.lstmlm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The core (its jar and its dependencies, the class path of these tests) holds no Spark: only the spark module brings it. */
class NoSparkTest {
    @Test
    void sparkIsNotOnTheCoresClassPath() {
        assertThatThrownBy(() -> Class.forName("org.apache.spark.SparkContext")).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("dev.lstmlm.spark.SparkMain")).isInstanceOf(ClassNotFoundException.class);
    }
}
