package io.tokenpress.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonLinesTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void chunkResultIsOneParsableLineWithTheDocumentedFields() throws Exception {
        Measurement m = new Measurement(3, 12_000, 3_000, 2_000_000, 1_000_000, 0, null, "NEURAL 2, ZSTD 1");
        String line = JsonLines.chunk(new ChunkResult("tokenpress:text", 4096, m), 1);

        assertThat(line).doesNotContain("\n");
        JsonNode n = json.readTree(line);
        assertThat(n.get("codec").asText()).isEqualTo("tokenpress:text");
        assertThat(n.get("chunkSize").asInt()).isEqualTo(4096);
        assertThat(n.get("jobs").asInt()).isEqualTo(1);
        assertThat(n.get("ratio").asDouble()).isEqualTo(4.0);
        assertThat(n.get("compressMBps").asDouble()).isEqualTo(6.0); // 12 kB in 2 ms
        assertThat(n.get("decompressMBps").asDouble()).isEqualTo(12.0);
        assertThat(n.get("roundTrip").isBoolean()).isTrue();
        assertThat(n.get("roundTrip").asBoolean()).isTrue();
        assertThat(n.get("chunks").asLong()).isEqualTo(3);
        assertThat(n.get("compressedBytes").asLong()).isEqualTo(3000);
        assertThat(n.get("detail").asText()).isEqualTo("NEURAL 2, ZSTD 1");
        assertThat(n.has("error")).isFalse();
    }

    @Test
    void failedCodecHasNullNumbersAndAnEscapedError() throws Exception {
        Measurement m = Measurement.failed(2, 100, "xz-9: bad \"frame\"\n\tat\\ offset 3 \u0001");
        JsonNode n = json.readTree(JsonLines.chunk(new ChunkResult("xz-9", 64, m), 1));
        assertThat(n.get("ratio").isNull()).isTrue();
        assertThat(n.get("compressMBps").isNull()).isTrue();
        assertThat(n.get("compressedBytes").isNull()).isTrue();
        assertThat(n.get("roundTrip").asBoolean()).isFalse();
        assertThat(n.get("error").asText()).isEqualTo("xz-9: bad \"frame\"\n\tat\\ offset 3 \u0001");
    }

    @Test
    void recordResultNamesModeAndBucket() throws Exception {
        Measurement m = new Measurement(10, 640, 320, 1000, 1000, 0, null, "");
        JsonNode n = json.readTree(JsonLines.record(new RecordResult("zstd-19+dict", "<=64", m), 3));
        assertThat(n.get("mode").asText()).isEqualTo("records");
        assertThat(n.get("bucket").asText()).isEqualTo("<=64");
        assertThat(n.get("jobs").asInt()).isEqualTo(3);
        assertThat(n.get("records").asLong()).isEqualTo(10);
        assertThat(n.get("ratio").asDouble()).isEqualTo(2.0);
        assertThat(n.has("detail")).isFalse();
    }
}
