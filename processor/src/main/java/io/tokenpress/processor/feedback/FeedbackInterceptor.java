package io.tokenpress.processor.feedback;

import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.Codecs;
import io.tokenpress.codec.ModelIds;
import io.tokenpress.codec.TokenpressException;
import io.tokenpress.codec.model.CompressorPolicy;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.store.ModelSource;
import io.tokenpress.codec.train.LatentCost;
import io.tokenpress.processor.chunk.ChunkWriter;
import io.tokenpress.processor.chunking.ChunkInterceptor;
import io.tokenpress.schema.CodecKind;
import io.tokenpress.schema.FeedbackEvent;
import io.tokenpress.schema.Verification;
import io.tokenpress.serdes.ChunkRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor's live compressor&ndash;decompressor feedback, one instance per stream task:
 * <ol>
 *   <li>a {@code verifyRate} share of chunks is decoded right after writing and compared with its input;
 *       a mismatch is an alarm: logged at ERROR, counted, and the chunk is re-written with the fallback
 *       codec (zstd), which is what gets forwarded;
 *   <li>every chunk yields a {@link FeedbackEvent} (model, offsets, sizes, latent, {@code L_D}, reward,
 *       codec, competitor size where measured, encode time, verification result) sent to the sink;
 *   <li>a {@code sampleRate} share of events carries a copy of the chunk's data, its latent and the
 *       behaviour log-probability of that latent under the model's compressor, for retraining.
 * </ol>
 * Which chunks are verified or sampled is a deterministic function of partition and first offset, so a
 * reprocessed chunk gets the same treatment.
 */
public final class FeedbackInterceptor implements ChunkInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(FeedbackInterceptor.class);
    private static final long VERIFY_SALT = 0x5EED_F00DL;
    private static final long SAMPLE_SALT = 0xC0FF_EE00L;

    private final String inputTopic;
    private final FeedbackSettings settings;
    private final ChunkVerifier verifier;
    private final ModelSource models;
    private final FeedbackSink sink;
    private final FeedbackMetrics metrics;
    private final ChunkWriter fallback;
    private final AutoCloseable owned;
    private final Map<String, Optional<CompressorPolicy>> policies = new HashMap<>();
    private final Map<String, String> fullIds = new HashMap<>();

    /**
     * @param verifier decodes chunks for the sampled verification
     * @param models where the models named by chunks are found (full ids, behaviour log-probabilities)
     * @param owned closed with this interceptor (the decoder, the sink); may be null
     */
    public FeedbackInterceptor(String inputTopic, FeedbackSettings settings, ChunkVerifier verifier, ModelSource models,
            FeedbackSink sink, FeedbackMetrics metrics, AutoCloseable owned) {
        this.inputTopic = inputTopic;
        this.settings = settings;
        this.verifier = verifier;
        this.models = models;
        this.sink = sink;
        this.metrics = metrics;
        this.owned = owned;
        this.fallback = new ChunkWriter(Codecs.zstd(settings.fallbackZstdLevel()));
    }

    @Override
    public ChunkWriter.Written intercept(Chunk chunk) {
        metrics.chunk();
        List<ChunkRecord> records = chunk.records();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (ChunkRecord r : records) {
            first = Math.min(first, r.sourceOffset());
            last = Math.max(last, r.sourceOffset());
        }
        ChunkWriter.Written written = chunk.written();
        ChunkWriter.Written out = written;
        Verification verification = Verification.NOT_SAMPLED;
        String problem = null;
        boolean verify = chosen(settings.verifyRate(), chunk.partition(), first, VERIFY_SALT);
        if (verify) {
            metrics.verified();
            Optional<String> p = verifier.check(written.envelope(), records);
            if (p.isPresent()) {
                problem = p.get();
                verification = Verification.MISMATCH;
                metrics.mismatch();
                out = fallback.write(records);
                metrics.fallback();
                LOG.error("VERIFICATION MISMATCH on {}-{} offsets {}..{} ({} chunk, model {}): {}; re-emitted with the"
                        + " fallback codec ({} bytes)", inputTopic, chunk.partition(), first, last, written.block().codec(),
                        ModelIds.toHex(written.block().modelId()), problem, out.envelope().length);
            } else {
                verification = Verification.OK;
            }
        }
        if (settings.sendsEvents()) {
            boolean sample = chosen(settings.sampleRate(), chunk.partition(), first, SAMPLE_SALT);
            try {
                sink.send(event(chunk, first, last, verify, sample, verification, problem, out));
            } catch (RuntimeException e) {
                metrics.sendFailure();
                LOG.warn("could not build or send the feedback event of {}-{} offsets {}..{}: {}", inputTopic, chunk.partition(),
                        first, last, e.toString());
            }
        }
        return out;
    }

    private FeedbackEvent event(Chunk chunk, long first, long last, boolean measured, boolean sample,
            Verification verification, String problem, ChunkWriter.Written out) {
        CodedBlock block = chunk.written().block();
        boolean neural = block.codec() == CodecKind.NEURAL;
        int[] latent = block.latentTokens();
        double latentBits = neural ? LatentCost.bits(latent) : 0;
        double payloadBits = 8.0 * block.payloadLength();
        double decompressorBits = neural ? payloadBits : 0;
        String modelId = neural ? fullId(block.modelId()) : "";
        Map<String, Long> competitors = new LinkedHashMap<>();
        byte[] data = null;
        if (measured || sample) {
            data = ChunkWriter.codedData(chunk.records());
            competitors.put("zstd-" + settings.fallbackZstdLevel(), (long) Codecs.zstd(settings.fallbackZstdLevel()).encode(data).payloadLength());
        }
        FeedbackEvent.Builder e = FeedbackEvent.newBuilder()
                .setFormatVersion(FeedbackEvents.FORMAT_VERSION)
                .setModelId(modelId)
                .setTopic(inputTopic)
                .setPartition(chunk.partition())
                .setFirstOffset(first)
                .setLastOffset(last)
                .setRecordCount(chunk.records().size())
                .setPlainBytes(block.originalLength())
                .setCodedBytes(chunk.written().envelope().length)
                .setLatentLength(latent.length)
                .setLatentBits(latentBits)
                .setDecompressorBits(decompressorBits)
                .setReward(-(latentBits + payloadBits))
                .setCodec(block.codec())
                .setCompetitorSizes(competitors)
                .setEncodeMicros(chunk.encodeNanos() / 1000)
                .setVerified(verification)
                .setTimestamp(System.currentTimeMillis())
                .setFallbackBytes(verification == Verification.MISMATCH ? out.envelope().length : 0)
                .setVerifyError(problem);
        if (sample) {
            metrics.sampled();
            e.setSample(ByteBuffer.wrap(data));
            List<Integer> l = new ArrayList<>(latent.length);
            for (int t : latent) {
                l.add(t);
            }
            e.setSampleLatent(l);
            e.setSampleLatentLogProb(neural ? behaviourLogProb(modelId, data, latent) : 0.0);
        }
        return e.build();
    }

    /** {@code log pi(latent | data)} under the compressor of the chunk's model; 0 for models without one. */
    private double behaviourLogProb(String modelId, byte[] data, int[] latent) {
        Optional<CompressorPolicy> policy = policies.computeIfAbsent(modelId, id -> {
            try {
                Optional<ModelArtifact> m = models.find(ModelIds.fromHex(id));
                return m.filter(ModelArtifact::hasCompressor).map(a -> new CompressorPolicy(a.compressorWeights()));
            } catch (TokenpressException e) {
                return Optional.empty();
            }
        });
        return policy.map(p -> p.logProb(data, latent)).orElse(0.0);
    }

    private String fullId(byte[] shortId) {
        String hex = ModelIds.toHex(shortId);
        return fullIds.computeIfAbsent(hex, h -> {
            try {
                return models.find(shortId).map(ModelArtifact::id).orElse(h);
            } catch (TokenpressException e) {
                return h;
            }
        });
    }

    /** A deterministic draw in [0, 1) from (partition, offset, salt), compared with {@code rate}. */
    static boolean chosen(double rate, int partition, long firstOffset, long salt) {
        if (rate <= 0) {
            return false;
        }
        if (rate >= 1) {
            return true;
        }
        long z = salt ^ ((long) partition << 48) ^ firstOffset;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53 < rate;
    }

    @Override
    public void close() {
        sink.close();
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                LOG.warn("closing {}: {}", owned, e.toString());
            }
        }
    }
}
