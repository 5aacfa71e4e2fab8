package io.tokenpress.bench;

/** Adds the conventional codecs the neural codec is compared with to a {@link CodecLineup}. */
public final class Baselines {
    /** Name of zstd -19 with the trained dictionary. */
    public static final String ZSTD_DICT = "zstd-19+dict";

    private Baselines() {}

    /**
     * The chunk-mode baselines in table order: gzip -9, xz -9, zstd -3, zstd -19, zstd -19 with
     * {@code dictionary} (skipped with {@code dictionaryProblem} when it is null), brotli 11 (skipped with
     * the reason when its native library does not load) and lz4.
     */
    public static CodecLineup addChunkBaselines(CodecLineup lineup, byte[] dictionary, String dictionaryProblem) {
        lineup.add(new GzipCodec()).add(new XzCodec());
        addZstd(lineup, dictionary, dictionaryProblem);
        BrotliCodec.unavailableReason().ifPresentOrElse(
                reason -> lineup.skip("brotli-11", reason), () -> lineup.add(new BrotliCodec()));
        return lineup.add(new Lz4Codec());
    }

    /** The small-record baselines: zstd -3, zstd -19 and zstd -19 with {@code dictionary}. */
    public static CodecLineup addRecordBaselines(CodecLineup lineup, byte[] dictionary, String dictionaryProblem) {
        return addZstd(lineup, dictionary, dictionaryProblem);
    }

    private static CodecLineup addZstd(CodecLineup lineup, byte[] dictionary, String dictionaryProblem) {
        lineup.add(new ZstdCodec(3)).add(new ZstdCodec(19));
        if (dictionary != null) {
            lineup.add(new ZstdCodec(19, dictionary));
        } else {
            lineup.skip(ZSTD_DICT, dictionaryProblem == null ? "no dictionary" : dictionaryProblem);
        }
        return lineup;
    }
}
