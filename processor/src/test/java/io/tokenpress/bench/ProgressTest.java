package io.tokenpress.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void printsPercentAndEtaAtMostOncePerInterval() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), 1000, now::get, 10);
        p.stage("xz-9, 4096-byte chunks");
        now.set(5);
        p.advance(100); // before the interval: silent
        now.set(20);
        p.advance(150); // 25% after 20 ticks: 60 ticks left
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out.lines()).hasSize(1);
        assertThat(out).contains(" 25.0%").contains("xz-9, 4096-byte chunks");
    }

    @Test
    void formatsDurations() {
        assertThat(Progress.format(Duration.ofSeconds(42))).isEqualTo("42s");
        assertThat(Progress.format(Duration.ofSeconds(125))).isEqualTo("2m05s");
        assertThat(Progress.format(Duration.ofSeconds(3 * 3600 + 120))).isEqualTo("3h02m");
    }

    @Test
    void etaScalesElapsedByFractionDone() {
        AtomicLong now = new AtomicLong();
        Progress p = new Progress(new PrintStream(new ByteArrayOutputStream()), 100, now::get, Long.MAX_VALUE);
        now.set(Duration.ofSeconds(30).toNanos());
        p.advance(25);
        assertThat(p.line(now.get())).contains("elapsed 30s, ETA 1m30s");
    }
}
