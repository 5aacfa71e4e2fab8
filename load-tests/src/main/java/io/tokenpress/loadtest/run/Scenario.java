package io.tokenpress.loadtest.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One way of getting the corpus through Kafka, compared with the others on the same data.
 *
 * @param name unique name, used in reports and topic names
 * @param kind how the data is compressed
 * @param compressionType Kafka producer {@code compression.type} (for {@link Kind#KAFKA}; {@code none}
 *     for the tokenpress scenarios)
 * @param codec tokenpress codec ({@code zstd}, {@code neural}) for the tokenpress scenarios
 * @param model tokenpress model name for the neural codec, else empty
 */
public record Scenario(String name, Kind kind, String compressionType, String codec, String model) {

    /** How a scenario compresses. */
    public enum Kind {
        /** Plain records, compressed (or not) by the Kafka producer's {@code compression.type}. */
        KAFKA,
        /** tokenpress's per-record serializer and deserializer, no processor. */
        SERDE,
        /** Plain records into the chunking processor; the consumer reads chunks through the flattening consumer. */
        CHUNKING
    }

    /** Kafka's own producer compression types, in report order. */
    public static final List<String> KAFKA_COMPRESSION = List.of("none", "gzip", "snappy", "lz4", "zstd");

    /**
     * Parses a scenario name: {@code kafka-<none|gzip|snappy|lz4|zstd>},
     * {@code tokenpress-serde-<zstd|neural:MODEL>} or {@code tokenpress-chunk-<zstd|neural:MODEL>}.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Scenario parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.startsWith("kafka-") && KAFKA_COMPRESSION.contains(n.substring(6))) {
            return new Scenario(n, Kind.KAFKA, n.substring(6), "", "");
        }
        for (Kind kind : new Kind[] {Kind.SERDE, Kind.CHUNKING}) {
            String prefix = kind == Kind.SERDE ? "tokenpress-serde-" : "tokenpress-chunk-";
            if (n.startsWith(prefix)) {
                String codec = n.substring(prefix.length());
                if (codec.equals("zstd")) {
                    return new Scenario(n, kind, "none", "zstd", "");
                }
                if (codec.startsWith("neural:") && codec.length() > 7) {
                    return new Scenario(n, kind, "none", "neural", name.trim().substring(prefix.length() + 7));
                }
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + name + "'; expected kafka-<none|gzip|snappy|lz4|zstd>, "
                + "tokenpress-serde-<zstd|neural:MODEL> or tokenpress-chunk-<zstd|neural:MODEL>");
    }

    /** Every Kafka compression type, then the tokenpress serde and processor with zstd and with each model. */
    public static List<Scenario> all(List<String> models) {
        List<Scenario> out = new ArrayList<>();
        for (String c : KAFKA_COMPRESSION) {
            out.add(parse("kafka-" + c));
        }
        out.add(parse("tokenpress-serde-zstd"));
        out.add(parse("tokenpress-chunk-zstd"));
        for (String m : models) {
            out.add(parse("tokenpress-serde-neural:" + m));
            out.add(parse("tokenpress-chunk-neural:" + m));
        }
        return out;
    }

    /** One line for the report. */
    public String description() {
        switch (kind) {
            case KAFKA:
                return compressionType.equals("none")
                        ? "plain records, no compression"
                        : "plain records, Kafka producer compression.type=" + compressionType;
            case SERDE:
                return "tokenpress per-record serializer, codec " + codecLabel() + "; consumer with the tokenpress deserializer";
            default:
                return "plain records -> tokenpress chunking processor (" + codecLabel()
                        + ") -> compressed topic -> flattening consumer; bytes on disk are the compressed topic's";
        }
    }

    /** A name usable in topic names and application ids. */
    public String topicSafeName() {
        return name.replaceAll("[^a-zA-Z0-9._-]", "_");
    }

    private String codecLabel() {
        return model.isEmpty() ? codec : codec + " model " + model;
    }
}
