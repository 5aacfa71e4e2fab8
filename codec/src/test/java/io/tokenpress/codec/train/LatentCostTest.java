package io.tokenpress.codec.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/** The latent's cost is exactly what Avro's array<int> encoding adds over the empty array. */
class LatentCostTest {
    @Test
    void matchesAvroEncoding() throws IOException {
        int empty = avroBytes(new int[0]);
        for (int[] c : List.of(new int[0], new int[] {0}, new int[] {63, 1}, new int[] {64, 5000, 7}, new int[] {1, 2, 3, 4, 5, 6, 7, 8})) {
            assertThat(LatentCost.bits(c)).as(java.util.Arrays.toString(c)).isEqualTo(8.0 * (avroBytes(c) - empty));
        }
    }

    private static int avroBytes(int[] c) throws IOException {
        ByteArrayOutputStream os = new ByteArrayOutputStream();
        BinaryEncoder e = EncoderFactory.get().binaryEncoder(os, null);
        e.writeArrayStart();
        e.setItemCount(c.length);
        for (int t : c) {
            e.startItem();
            e.writeInt(t);
        }
        e.writeArrayEnd();
        e.flush();
        return os.size();
    }
}
