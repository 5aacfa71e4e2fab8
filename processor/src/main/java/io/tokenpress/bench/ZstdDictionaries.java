package io.tokenpress.bench;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Trains zstd dictionaries with zstd-jni's trainer ({@code ZDICT_trainFromBuffer}, as {@code zstd --train}). */
public final class ZstdDictionaries {
    /** The size {@code zstd --train} picks by default: 110 KiB. */
    public static final int DEFAULT_DICT_BYTES = 110 * 1024;

    /** Largest piece when plain data (not records) is cut into training samples. */
    public static final int MAX_SAMPLE_BYTES = 4096;

    /** Smallest piece: small inputs are cut finer, as the trainer wants many samples. */
    public static final int MIN_SAMPLE_BYTES = 256;

    private ZstdDictionaries() {}

    /**
     * Trains a dictionary of at most {@code maxDictBytes} on {@code samples}. zstd wants roughly a hundred
     * times more sample bytes than dictionary bytes; with less, the dictionary is shrunk to a tenth of the
     * sample bytes.
     *
     * @return the dictionary
     * @throws BenchCodecException if there is too little data or the trainer fails, with zstd's reason
     */
    public static byte[] train(List<byte[]> samples, int maxDictBytes) {
        if (maxDictBytes < 256) {
            throw new IllegalArgumentException("dictionary size must be at least 256 bytes, got " + maxDictBytes);
        }
        long total = samples.stream().mapToLong(s -> s.length).sum();
        int dictBytes = (int) Math.min(maxDictBytes, total / 10);
        if (samples.size() < 8 || dictBytes < 256) {
            throw new BenchCodecException("zstd dictionary: too little training data (" + samples.size()
                    + " samples, " + total + " bytes); give more with --train-dict or a larger --max-bytes");
        }
        byte[] buffer = new byte[dictBytes];
        long n;
        try {
            n = Zstd.trainFromBuffer(samples.toArray(new byte[0][]), buffer);
        } catch (ZstdException e) {
            throw new BenchCodecException("zstd dictionary training failed: " + e.getMessage() + " ("
                    + samples.size() + " samples, " + total + " bytes)", e);
        }
        if (Zstd.isError(n)) {
            throw new BenchCodecException("zstd dictionary training failed: " + Zstd.getErrorName(n) + " ("
                    + samples.size() + " samples, " + total + " bytes)");
        }
        return Arrays.copyOf(buffer, (int) n);
    }

    /**
     * Cuts plain data into training samples of {@value #MAX_SAMPLE_BYTES} bytes, or smaller (down to
     * {@value #MIN_SAMPLE_BYTES}) so that there are at least 128 when the data is small.
     */
    public static List<byte[]> samplesOf(byte[] data) {
        int piece = Math.max(MIN_SAMPLE_BYTES, Math.min(MAX_SAMPLE_BYTES, data.length / 128));
        List<byte[]> out = new ArrayList<>();
        for (int off = 0; off < data.length; off += piece) {
            out.add(Arrays.copyOfRange(data, off, Math.min(data.length, off + piece)));
        }
        return out;
    }
}
