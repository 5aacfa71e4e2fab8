package io.tokenpress.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small generated test data: JSON-like records and text, deterministic for a seed. */
final class SampleData {
    private static final String[] WORDS = {
        "kafka", "topic", "partition", "offset", "broker", "consumer", "producer", "record", "segment",
        "leader", "replica", "commit", "batch", "latency", "bytes", "chunk", "model", "token"
    };

    private SampleData() {}

    /** {@code n} JSON-like records of 40..400 bytes. */
    static List<byte[]> records(int n, long seed) {
        Random random = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder("{\"id\":").append(random.nextInt(100_000))
                    .append(",\"user\":\"").append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(50))
                    .append("\",\"text\":\"");
            int words = 2 + random.nextInt(random.nextBoolean() ? 4 : 50);
            for (int w = 0; w < words; w++) {
                sb.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
            }
            out.add(sb.append("\"}").toString().getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    /** About {@code bytes} bytes of newline-separated records. */
    static byte[] text(int bytes, long seed) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        while (sb.length() < bytes) {
            for (byte[] r : records(50, seed + n++)) {
                sb.append(new String(r, StandardCharsets.UTF_8)).append('\n');
            }
        }
        return sb.substring(0, bytes).getBytes(StandardCharsets.UTF_8);
    }
}
